/**
 * For the element tests: `mounter(tag)` returns `mount(setup)`, which creates the element, lets
 * `setup` set its properties before it connects, appends it to the page and waits for its first
 * render. Every element mounted in a test is removed after it.
 */
import type { ReactiveElement } from 'lit';
import { afterEach } from 'vitest';

type LitTag = { [K in keyof HTMLElementTagNameMap]: HTMLElementTagNameMap[K] extends ReactiveElement ? K : never }[keyof HTMLElementTagNameMap];

export function mounter<K extends LitTag>(tag: K): (setup?: (el: HTMLElementTagNameMap[K]) => void) => Promise<HTMLElementTagNameMap[K]> {
  const mounted: HTMLElement[] = [];
  afterEach(() => mounted.splice(0).forEach((e) => e.remove()));
  return async (setup = () => {}) => {
    const el = document.createElement(tag);
    setup(el);
    document.body.append(el);
    mounted.push(el);
    await (el as ReactiveElement).updateComplete;
    return el;
  };
}
