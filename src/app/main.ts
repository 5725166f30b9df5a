/** The demo's entry: defines the elements, lets <l4r-app> in index.html take over, turns on offline use. */
import './l4r-app.ts';
import { enableOffline } from './offline.ts';

void enableOffline();
