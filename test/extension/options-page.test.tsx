import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OptionsPage } from '../../extension/components/OptionsPage';
import type { AskBackground } from '../../extension/lib/messages';
import { DEFAULT_OPTIONS, OPTIONS_STORAGE_KEY, OPTIONS_VERSION, type Options } from '../../extension/lib/options';

afterEach(cleanup);

function memoryArea(initial: Record<string, unknown> = {}) {
  const items: Record<string, unknown> = structuredClone(initial);
  return {
    items,
    async get(key: string) {
      return key in items ? { [key]: structuredClone(items[key]) } : {};
    },
    async set(values: Record<string, unknown>) {
      Object.assign(items, structuredClone(values));
    },
  };
}

function recordingAsk(): { ask: AskBackground; actions: string[] } {
  const actions: string[] = [];
  const ask = (async (action: string) => {
    actions.push(action);
    return { ok: true, value: { linked: false } };
  }) as AskBackground;
  return { ask, actions };
}

const BUILD_ORIGIN = 'http://127.0.0.1:8787';

describe('the options page', () => {
  it('follows the browser language, then the one chosen, and tells what it stored', async () => {
    const area = memoryArea();
    const saved: Options[] = [];
    render(
      <OptionsPage
        area={area}
        ask={recordingAsk().ask}
        buildOrigin={BUILD_ORIGIN}
        browserLanguages={['fr-FR']}
        onSaved={(options) => saved.push(options)}
      />,
    );
    expect(await screen.findByRole('heading', { name: 'Options de Hashpay' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Langue'), { target: { value: 'en' } });
    expect(await screen.findByRole('heading', { name: 'Hashpay options' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(area.items[OPTIONS_STORAGE_KEY]).toEqual({ ...DEFAULT_OPTIONS, language: 'en' });
    expect(saved).toEqual([{ ...DEFAULT_OPTIONS, language: 'en' }]);
  });

  it('saves the buttons and the step-up thresholds read as amounts of their currency', async () => {
    const area = memoryArea();
    render(<OptionsPage area={area} ask={recordingAsk().ask} buildOrigin={BUILD_ORIGIN} browserLanguages={['en']} />);
    fireEvent.click(await screen.findByLabelText('Show the Pay, Donate and Chip in buttons'));
    fireEvent.input(screen.getByLabelText('EUR'), { target: { value: '150,00 €' } });
    fireEvent.input(screen.getByLabelText('JPY'), { target: { value: '5000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(area.items[OPTIONS_STORAGE_KEY]).toEqual({
      ...DEFAULT_OPTIONS,
      showPayButton: false,
      stepUpThresholdMinor: { EUR: 15_000, JPY: 5_000 },
    });
  });

  it('refuses a bad worker address or threshold, says why, and stores nothing', async () => {
    const stored = { ...DEFAULT_OPTIONS, version: OPTIONS_VERSION, language: 'en' };
    const area = memoryArea({ [OPTIONS_STORAGE_KEY]: stored });
    const { ask, actions } = recordingAsk();
    const saved: Options[] = [];
    render(
      <OptionsPage
        area={area}
        ask={ask}
        buildOrigin={BUILD_ORIGIN}
        browserLanguages={['fr']}
        onSaved={(options) => saved.push(options)}
      />,
    );
    fireEvent.input(await screen.findByLabelText('Hashpay server address'), {
      target: { value: 'http://pay.example.org' },
    });
    fireEvent.input(screen.getByLabelText('EUR'), { target: { value: '12 $' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((alert) => alert.textContent)).toEqual([
      'Enter an https:// address (http:// only for this computer).',
      'Enter an amount in EUR, e.g. €100.00.',
    ]);
    expect(area.items[OPTIONS_STORAGE_KEY]).toEqual(stored);
    expect(actions).toEqual([]);
    expect(saved).toEqual([]);
  });

  it('signs out before switching to another worker', async () => {
    const area = memoryArea();
    const { ask, actions } = recordingAsk();
    render(<OptionsPage area={area} ask={ask} buildOrigin={BUILD_ORIGIN} browserLanguages={['en']} />);
    fireEvent.input(await screen.findByLabelText('Hashpay server address'), {
      target: { value: 'https://pay.example.org' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved.');
    expect(actions).toEqual(['logout']);
    await waitFor(() =>
      expect((area.items[OPTIONS_STORAGE_KEY] as { workerOrigin: string }).workerOrigin).toBe(
        'https://pay.example.org',
      ),
    );
  });

  it('keeps a store build on the worker it was built for: another https address is refused', async () => {
    const stored = { ...DEFAULT_OPTIONS, version: OPTIONS_VERSION, language: 'en' };
    const area = memoryArea({ [OPTIONS_STORAGE_KEY]: stored });
    const { ask, actions } = recordingAsk();
    const storeOrigin = 'https://hashpay.example.workers.dev';
    render(
      <OptionsPage area={area} ask={ask} buildOrigin={storeOrigin} localBuild={false} browserLanguages={['en']} />,
    );
    fireEvent.input(await screen.findByLabelText('Hashpay server address'), {
      target: { value: 'https://pay.example.org' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((alert) => alert.textContent)).toEqual([`This version of Hashpay talks only to ${storeOrigin}.`]);
    expect(area.items[OPTIONS_STORAGE_KEY]).toEqual(stored);
    expect(actions).toEqual([]);
  });
});
