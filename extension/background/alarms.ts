import type { browser } from 'wxt/browser';

/**
 * The background's periodic alarms. Chrome keeps alarms while the service worker sleeps and
 * wakes it to run them; the worker itself starts again many times a day (every alarm, every
 * message). Creating an alarm again replaces it and starts its period anew, so an alarm created
 * at every start of the worker would keep being postponed by the others waking it: an alarm is
 * created only when it is missing or its period changed.
 */

export type AlarmApi = Pick<typeof browser.alarms, 'get' | 'create'>;

export interface PeriodicAlarm {
  name: string;
  periodInMinutes: number;
}

/** Creates the alarms that are missing (or whose period changed); keeps the schedule of the others. */
export async function ensurePeriodicAlarms(alarms: AlarmApi, wanted: readonly PeriodicAlarm[]): Promise<string[]> {
  const created: string[] = [];
  for (const { name, periodInMinutes } of wanted) {
    if (!(periodInMinutes > 0)) throw new Error(`alarm ${name} needs a positive period`);
    const existing = await alarms.get(name);
    if (existing !== undefined && existing !== null && existing.periodInMinutes === periodInMinutes) continue;
    // The first run one period from now, as Chrome does for a period alone, said explicitly.
    await alarms.create(name, { periodInMinutes, delayInMinutes: periodInMinutes });
    created.push(name);
  }
  return created;
}
