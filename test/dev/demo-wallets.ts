/**
 * Gives each demo user of the sandbox X a Hashpay account with money to play with, through the
 * worker's sandbox-only route (the same path a test uses): the user is resolved through the X
 * API like any payee, and each top-up has a fixed id, so running it at every start credits once.
 */

export const DEMO_TOP_UPS = [
  { currency: 'EUR', amountMinor: 100_00 },
  { currency: 'USD', amountMinor: 100_00 },
] as const;

export async function seedDemoWallets(workerOrigin: string, users: ReadonlyArray<{ username: string }>): Promise<void> {
  for (const user of users) {
    const response = await fetch(`${workerOrigin}/v1/sandbox/demo-users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, topUps: DEMO_TOP_UPS }),
    });
    if (!response.ok) {
      throw new Error(`seeding @${user.username} failed: ${response.status} ${await response.text()}`);
    }
  }
}
