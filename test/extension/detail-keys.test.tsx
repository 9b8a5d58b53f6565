import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { useRef } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { useDetailKeys } from '../../extension/components/useDetailKeys';

// The popup's detail views (a payment's, a refused tweet's) share their keys: the focus goes to
// the heading on open, Escape goes back with the latest callback, and nothing listens once closed.

afterEach(cleanup);

function Detail(props: { onBack: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useDetailKeys(heading, props.onBack);
  return (
    <section>
      <h2 tabIndex={-1} ref={heading}>
        Detail
      </h2>
      <button type="button">Back</button>
    </section>
  );
}

describe('useDetailKeys', () => {
  it('puts the focus on the heading when the view opens', () => {
    const { getByRole } = render(<Detail onBack={() => {}} />);
    expect(document.activeElement).toBe(getByRole('heading', { name: 'Detail' }));
  });

  it('goes back on Escape only, with the callback of the latest render', () => {
    const calls: string[] = [];
    const { rerender } = render(<Detail onBack={() => calls.push('first')} />);
    fireEvent.keyDown(document, { key: 'Enter' });
    expect(calls).toEqual([]);
    fireEvent.keyDown(document, { key: 'Escape' });
    rerender(<Detail onBack={() => calls.push('second')} />);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(calls).toEqual(['first', 'second']);
  });

  it('stops listening once the view is closed', () => {
    const calls: string[] = [];
    const { unmount } = render(<Detail onBack={() => calls.push('back')} />);
    // Preact runs an effect's cleanup after the paint that removed it: act flushes it.
    act(() => {
      unmount();
    });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(calls).toEqual([]);
  });
});
