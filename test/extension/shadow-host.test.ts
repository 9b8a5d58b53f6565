import { describe, expect, it } from 'vitest';
import { childHost, copyShadowHost, createShadowHost, isOwnHost } from '../../extension/lib/shadow-host';

/** An action bar: x.com's own buttons, the extension's hosts, and a host nested deeper than a child. */
function actionBar(): Element {
  const bar = document.createElement('div');
  bar.setAttribute('role', 'group');
  bar.innerHTML = `
    <div><button data-testid="reply"></button><div data-hashpay="pay" id="nested"></div></div>
    <div data-testid="like"></div>
    <span data-hashpay="settled" id="settled"></span>
    <div data-hashpay="pay" id="pay"></div>
    <div data-hashpay="pay" id="second-pay"></div>`;
  return bar;
}

describe('childHost', () => {
  it('finds the first host of a kind, any kind, or a set of kinds, among the children only', () => {
    const bar = actionBar();
    expect(childHost(bar, 'pay')?.id).toBe('pay');
    expect(childHost(bar)?.id).toBe('settled');
    expect(childHost(bar, new Set(['not-paid', 'pay']))?.id).toBe('pay');
    expect(childHost(bar, 'claim')).toBeNull();
    expect(childHost(bar, new Set<string>())).toBeNull();
  });

  it('answers as the `:scope >` query it stands for', () => {
    const bar = actionBar();
    for (const kind of ['pay', 'settled', 'claim', 'chip-in']) {
      expect(childHost(bar, kind)).toBe(bar.querySelector(`:scope > [data-hashpay="${kind}"]`));
    }
    expect(childHost(bar)).toBe(bar.querySelector(':scope > [data-hashpay]'));
    bar.querySelector('#settled')!.remove();
    expect(childHost(bar)?.id).toBe('pay');
  });
});

describe('copyShadowHost', () => {
  it('copies a clonable host with a shadow root of its own, its elements copied, not shared', () => {
    const prototype = createShadowHost(document, 'pay', 'div', { clonable: true });
    prototype.root.append(document.createElement('button'));
    const copy = copyShadowHost(prototype);
    expect(copy).not.toBeNull();
    expect(copy!.host).not.toBe(prototype.host);
    expect(copy!.host.shadowRoot).toBe(copy!.root);
    expect(copy!.host.getAttribute('data-hashpay')).toBe('pay');
    expect(isOwnHost(copy!.host)).toBe(true);
    const button = copy!.root.querySelector('button');
    expect(button).not.toBeNull();
    expect(button).not.toBe(prototype.root.querySelector('button'));
    // Changing the copy leaves the prototype as it was.
    button!.textContent = 'Pay';
    expect(prototype.root.querySelector('button')!.textContent).toBe('');
  });

  it('answers null for a host whose root is not clonable, which the browser does not copy', () => {
    const prototype = createShadowHost(document, 'pay');
    expect(copyShadowHost(prototype)).toBeNull();
  });
});
