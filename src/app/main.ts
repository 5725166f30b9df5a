/** The demo's entry: defines the elements and lets <l4r-app> in index.html take over. */
import './l4r-app.ts';
