import { Miniflare } from 'miniflare';
import { afterEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../support/worker-runtime';

/**
 * A deployed database already holds payments when a new migration arrives: migrations that
 * rebuild a table must keep every row and every reference to it. Each test builds the schema as
 * it was before the migration, writes rows through plain SQL, then applies the rest.
 */

let miniflare: Miniflare | null = null;

afterEach(async () => {
  await miniflare?.dispose();
  miniflare = null;
});

async function databaseBefore(migration: string) {
  miniflare = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null, { status: 404 }); } };',
    compatibilityDate: '2026-04-20',
    d1Databases: { DB: 'migrations-test' },
  });
  const applied = await applyMigrations(miniflare, { before: migration });
  expect(applied.length).toBeGreaterThan(0);
  return miniflare.getD1Database('DB');
}

describe('0008_donations_pots', () => {
  it('keeps every payment intent and the tweets that name them', async () => {
    const db = await databaseBefore('0008');
    await db.batch([
      db.prepare(
        `INSERT INTO users (id, x_user_id, username, name, created_at_ms, updated_at_ms)
         VALUES ('usr_alice', '11', 'alice', 'Alice', 1, 1)`,
      ),
      db.prepare(
        `INSERT INTO payment_intents (id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username,
           payer_name, payee_x_user_id, payee_username, payee_name, payee_handle_requested, amount_minor, currency,
           memo, language, tweet_text, status, tweet_root_id, tweet_id, tweet_final_text, payee_account_kind,
           created_at_ms, expires_at_ms, matched_at_ms, settled_at_ms)
         VALUES ('pi_aaaaaaaaaaaaaaaaaaaaaa', 'HP-AAAAAAAA', 'drafted', 'request-0000000001', 'usr_alice', '11',
           'alice', 'Alice', '22', 'bob', 'Bob', 'bob', 1250, 'EUR', 'pizza', 'en', 'Paying @bob', 'settled', '123',
           '123', 'Paying @bob', 'wallet', 1, 2, 1, 1)`,
      ),
      db.prepare(
        `INSERT INTO payment_intents (id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username,
           payer_name, payee_x_user_id, payee_username, payee_name, payee_handle_requested, amount_minor, currency,
           memo, language, tweet_text, status, created_at_ms, expires_at_ms)
         VALUES ('pi_bbbbbbbbbbbbbbbbbbbbbb', 'HP-BBBBBBBB', 'drafted', 'request-0000000002', 'usr_alice', '11',
           'alice', 'Alice', '33', 'carol', 'Carol', 'carol', 500, 'USD', NULL, 'fr', 'Je paie', 'awaiting_tweet', 3, 4)`,
      ),
      db.prepare(
        `INSERT INTO payment_tweets (root_id, intent_id, outcome, author_x_user_id, source, decided_at_ms)
         VALUES ('123', 'pi_aaaaaaaaaaaaaaaaaaaaaa', 'drafted', '11', 'report', 1)`,
      ),
    ]);
    const before = await db.prepare('SELECT * FROM payment_intents ORDER BY id').all();

    const rest = await applyMigrations(miniflare!);
    expect(rest[0]).toMatch(/^0008_/);

    const after = await db.prepare('SELECT * FROM payment_intents ORDER BY id').all<Record<string, unknown>>();
    expect(after.results).toHaveLength(before.results.length);
    for (const [index, row] of before.results.entries()) {
      // Every column kept its value; the new ones take their defaults.
      expect(after.results[index]).toMatchObject(row as Record<string, unknown>);
      expect(after.results[index]).toMatchObject({ purpose: 'payment', pot_id: null, public_mention: 0 });
    }
    expect((await db.prepare('PRAGMA foreign_key_check').all()).results).toEqual([]);
    const tweet = await db
      .prepare('SELECT i.code FROM payment_tweets AS t JOIN payment_intents AS i ON i.id = t.intent_id')
      .first<{ code: string }>();
    expect(tweet?.code).toBe('HP-AAAAAAAA');
  });

  it('keeps the rules of the rebuilt table', async () => {
    const db = await databaseBefore('0008');
    await applyMigrations(miniflare!);
    await db
      .prepare(
        `INSERT INTO users (id, x_user_id, username, name, created_at_ms, updated_at_ms)
         VALUES ('usr_alice', '11', 'alice', 'Alice', 1, 1)`,
      )
      .run();
    const insertPayingSelf = db.prepare(
      `INSERT INTO payment_intents (id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username,
         payer_name, payee_x_user_id, payee_username, payee_name, payee_handle_requested, amount_minor, currency,
         language, tweet_text, status, created_at_ms, expires_at_ms)
       VALUES ('pi_cccccccccccccccccccccc', 'HP-CCCCCCCC', 'drafted', 'request-0000000003', 'usr_alice', '11',
         'alice', 'Alice', '11', 'alice', 'Alice', 'alice', 100, 'EUR', 'en', 't', 'awaiting_tweet', 1, 2)`,
    );
    await expect(insertPayingSelf.run()).rejects.toThrow(/payer_is_not_payee/);
    const insertPledgeWithoutPot = db.prepare(
      `INSERT INTO payment_intents (id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username,
         payer_name, payee_x_user_id, payee_username, payee_name, payee_handle_requested, amount_minor, currency,
         language, tweet_text, status, purpose, created_at_ms, expires_at_ms)
       VALUES ('pi_dddddddddddddddddddddd', 'HP-DDDDDDDD', 'drafted', 'request-0000000004', 'usr_alice', '11',
         'alice', 'Alice', '22', 'bob', 'Bob', 'bob', 100, 'EUR', 'en', 't', 'awaiting_tweet', 'pledge', 1, 2)`,
    );
    await expect(insertPledgeWithoutPot.run()).rejects.toThrow(/pot_intents_name_their_pot/);
    expect((await db.prepare('SELECT count(*) AS n FROM payment_intents').first<{ n: number }>())?.n).toBe(0);
  });
});

describe('0015_refund_failures', () => {
  it('keeps every refund and dispute row, then takes failed refunds and each top-up’s excess', async () => {
    const db = await databaseBefore('0015');
    await db.batch([
      db.prepare(
        `INSERT INTO users (id, x_user_id, username, name, created_at_ms, updated_at_ms)
         VALUES ('usr_alice', '11', 'alice', 'Alice', 1, 1)`,
      ),
      db.prepare(
        `INSERT INTO top_ups (id, user_id, client_id, currency, amount_minor, payment_intent_id, status, created_at_ms)
         VALUES ('tu_one', 'usr_alice', 'client-1', 'EUR', 5000, 'pi_1', 'paid', 1)`,
      ),
      db.prepare(
        `INSERT INTO money_backs (id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms)
         VALUES ('re_1', 'refund', 'usr_alice', 'tu_one', 'EUR', 1000, 2), ('dp_1', 'dispute', 'usr_alice', 'tu_one', 'EUR', 4000, 3),
                ('dp_1:won', 'dispute_won', 'usr_alice', 'tu_one', 'EUR', 4000, 4)`,
      ),
    ]);
    const rest = await applyMigrations(miniflare!);
    expect(rest).toContain('0015_refund_failures.sql');

    const { results } = await db.prepare('SELECT id, kind, amount_minor FROM money_backs ORDER BY created_at_ms').all();
    expect(results).toEqual([
      { id: 're_1', kind: 'refund', amount_minor: 1000 },
      { id: 'dp_1', kind: 'dispute', amount_minor: 4000 },
      { id: 'dp_1:won', kind: 'dispute_won', amount_minor: 4000 },
    ]);
    await db
      .prepare(
        `INSERT INTO money_backs (id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms)
         VALUES ('re_1:failed', 'refund_failed', 'usr_alice', 'tu_one', 'EUR', 1000, 5)`,
      )
      .run();
    await expect(
      db
        .prepare(
          `INSERT INTO money_backs (id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms)
           VALUES ('x', 'gift', 'usr_alice', 'tu_one', 'EUR', 1, 6)`,
        )
        .run(),
    ).rejects.toThrow(/CHECK/);
    await expect(
      db
        .prepare(
          `INSERT INTO money_backs (id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms)
           VALUES ('y', 'refund', 'usr_alice', 'tu_missing', 'EUR', 1, 6)`,
        )
        .run(),
    ).rejects.toThrow(/FOREIGN KEY/);
    expect(await db.prepare(`SELECT excess_minor FROM top_ups WHERE id = 'tu_one'`).first()).toEqual({
      excess_minor: null,
    });
  });
});
