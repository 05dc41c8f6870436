import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messageStored, statusChanged, windowTouched, type MessageRecord } from '../../src/core/messaging/index.js';
import { record, records, unitOf } from '../../src/core/shared/index.js';
import {
  appAdded, businessAdded, businessChanged, phoneNumberAdded, phoneNumberChanged, tokenIssued, wabaAdded, type Business, type PhoneNumber,
} from '../../src/core/accounts/index.js';
import { afterAttempt, outboxQueued, resolveTargets, type OutboxRecord } from '../../src/core/webhooks/index.js';
import {
  CachedAccountsRepository, GroupCommitter, accountsWriters, coreUnitWriters, KyselyAccountsRepository, KyselyAnalyticsRepository, KyselyConsoleRepository, KyselyMessagingRepository, KyselyOutboxRepository, KyselySettingsRepository, KyselySimUsersRepository,
  migrateDown, migrateToLatest, migrationNames, windowTtlMs, type OpenDatabase,
} from '../../src/store/index.js';
import { dialects, openMigrated } from '../support/databases.js';

const t0 = Date.UTC(2026, 10, 25, 9, 0, 0);

function message(key: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  return {
    key,
    businessId: 'b1',
    wabaId: 'w1',
    phoneNumberId: 'p1',
    direction: 'outbound',
    waId: '15550100001',
    type: 'text',
    content: { body: `body ${key} ✓ 🎉` },
    status: 'accepted',
    errorCode: null,
    contextKey: null,
    bizOpaqueCallbackData: null,
    idempotencyKey: null,
    requestFingerprint: null,
    category: null,
    createdAt: t0,
    updatedAt: t0,
    ...overrides,
  };
}

function outboxRecord(key: string, overrides: Partial<OutboxRecord> = {}): OutboxRecord {
  return { key, businessId: 'b1', appId: 'a1', url: 'http://127.0.0.1:9/hook', body: '{"object":"whatsapp_business_account"}', status: 'pending', attempts: 0, nextAttemptAt: t0, createdAt: t0, deliveredAt: null, finishedAt: null, lastError: null, ...overrides };
}

for (const dialect of dialects) {
  describe(`repositories on ${dialect}`, () => {
    let open: OpenDatabase;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ open, close } = await openMigrated(dialect));
    });

    afterEach(() => close());

    it('runs the frozen migrations on the engine it was given, down and up again', async () => {
      expect(open.dialect).toBe(dialect);
      expect(await migrateToLatest(open.db, open.schema)).toEqual([]);
      for (let step = 0; step < migrationNames.length; step += 1) await migrateDown(open.db, open.schema);
      expect(await migrateToLatest(open.db, open.schema)).toEqual(migrationNames);
    });

    it('dates the outbox rows that finished before retention existed: at delivery, or at the last attempt of a dead row', async () => {
      // Back to just before the retention migration, whatever migrations came after it.
      const stepsBack = migrationNames.length - migrationNames.indexOf('2026-11-26T08-10-00-outbox-retention');
      for (let step = 0; step < stepsBack; step += 1) await migrateDown(open.db, open.schema);
      const before = open.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const row = { business_id: 'b1', app_id: 'a1', url: 'http://127.0.0.1:9/hook', body: '{}', attempts: 1, next_attempt_at: t0, created_at: t0, last_error: null };
      await before.insertInto('outbox').values([
        { ...row, key: 'D1', status: 'delivered', delivered_at: t0 + 5 },
        { ...row, key: 'X1', status: 'dead', delivered_at: null },
        { ...row, key: 'P1', status: 'pending', delivered_at: null },
      ]).execute();
      const attempt = { business_id: 'b1', url: row.url, response_status: 500, error: 'HTTP 500', duration_ms: 1 };
      await before.insertInto('webhook_attempts').values([
        { ...attempt, key: 'A1', outbox_key: 'X1', attempt: 1, attempted_at: t0 + 1_000 },
        { ...attempt, key: 'A2', outbox_key: 'X1', attempt: 2, attempted_at: t0 + 9_000 },
      ]).execute();
      await migrateToLatest(open.db, open.schema);
      const outbox = new KyselyOutboxRepository(open.db);
      expect((await outbox.list({ limit: 10 })).map((record) => [record.key, record.finishedAt])).toEqual([['X1', t0 + 9_000], ['P1', null], ['D1', t0 + 5]]);
    });

    it('stores and finds the account tree, tokens by hash only, and subscriptions; a number changes only where patched', async () => {
      const accounts = new KyselyAccountsRepository(open.db);
      const committer = new GroupCommitter(open.db, { writers: accountsWriters });
      const business: Business = { id: 'b1', name: 'Acme', verificationStatus: 'unverified', signupMode: 'classic', email: 'ops@acme.example', verificationReason: null, verifiedAt: null, createdAt: t0 };
      const number: PhoneNumber = {
        id: 'p1', wabaId: 'w1', businessId: 'b1', phoneNumber: '15550100000', verifiedName: 'Acme', qualityRating: 'GREEN', status: 'PENDING',
        codeVerificationStatus: 'NOT_VERIFIED', nameStatus: 'PENDING_REVIEW', newVerifiedName: null, newNameStatus: 'NONE', messagingLimitTier: 'TIER_50', throughputLevel: 'STANDARD', maintenanceUntil: null, registered: false,
        pinHash: null, commerceReview: 'none', isOfficialBusinessAccount: false, migratedFrom: 'business_app', dataLocalizationRegion: null, lastOnboardedAt: null, createdAt: t0,
      };
      await committer.commit(
        unitOf([
          record(businessAdded, business),
          record(businessChanged, { id: 'b1', patch: { verificationStatus: 'pending' } }),
          record(wabaAdded, { id: 'w1', businessId: 'b1', name: 'Acme WABA', currency: 'USD', timezoneId: '1', createdAt: t0 }),
          record(phoneNumberAdded, number),
          record(appAdded, { id: 'a1', businessId: 'b1', name: 'App', secret: 's3cret', callbackUrl: null, verifyToken: 'vt', createdAt: t0 }),
          record(tokenIssued, { token: { id: 't1', businessId: 'b1', appId: 'a1', permissions: ['whatsapp_business_messaging'], createdAt: t0, expiresAt: null, revokedAt: null }, tokenHash: 'hash-1' }),
        ]),
      );

      expect(await accounts.findBusiness('b1')).toEqual({ ...business, verificationStatus: 'pending' });
      expect(await accounts.findPhoneNumber('p1')).toEqual(number);
      expect(await accounts.findPhoneNumberByNumber('15550100000')).toEqual(number);
      expect(await accounts.listPhoneNumbers('w1')).toEqual([number]);
      expect(await accounts.countBusinessNumbers('b1')).toBe(1);
      expect((await accounts.listWabas('b1')).map((waba) => waba.id)).toEqual(['w1']);
      expect(await accounts.findTokenByHash('hash-1')).toMatchObject({ id: 't1', permissions: ['whatsapp_business_messaging'], expiresAt: null });
      expect(await accounts.findTokenByHash('t1')).toBeUndefined();
      await expect(committer.commit(unitOf([record(phoneNumberAdded, { ...number, id: 'p2' })]))).rejects.toThrow();

      // Two patches of different columns in one batch: neither overwrites the other.
      await Promise.all([
        committer.commit(unitOf([record(phoneNumberChanged, { id: 'p1', patch: { status: 'CONNECTED', registered: true, lastOnboardedAt: t0 + 5 } })])),
        committer.commit(unitOf([record(phoneNumberChanged, { id: 'p1', patch: { pinHash: 'pin-digest', isOfficialBusinessAccount: true } })])),
      ]);
      expect(await accounts.findPhoneNumber('p1')).toEqual({ ...number, status: 'CONNECTED', registered: true, lastOnboardedAt: t0 + 5, pinHash: 'pin-digest', isOfficialBusinessAccount: true });

      await accounts.saveSubscription({ wabaId: 'w1', appId: 'a1', overrideCallbackUri: null, verifyToken: null, createdAt: t0 });
      await accounts.saveSubscription({ wabaId: 'w1', appId: 'a1', overrideCallbackUri: 'https://example.com/hook', verifyToken: 'v', createdAt: t0 + 1 });
      expect(await accounts.listSubscriptions('w1')).toEqual([{ wabaId: 'w1', appId: 'a1', overrideCallbackUri: 'https://example.com/hook', verifyToken: 'v', createdAt: t0 }]);
      expect(await accounts.deleteSubscription('w1', 'a1')).toBe(true);
      expect(await accounts.deleteSubscription('w1', 'a1')).toBe(false);
    });

    it('answers cached account rows and webhook targets at once, and a subscription saved through it at once', async () => {
      const committer = new GroupCommitter(open.db, { writers: accountsWriters });
      await committer.commit(
        unitOf([
          record(businessAdded, { id: 'b1', name: 'Acme', verificationStatus: 'unverified', signupMode: 'classic', email: 'ops@acme.example', verificationReason: null, verifiedAt: null, createdAt: t0 }),
          record(wabaAdded, { id: 'w1', businessId: 'b1', name: 'Acme WABA', currency: 'USD', timezoneId: '1', createdAt: t0 }),
          record(appAdded, { id: 'a1', businessId: 'b1', name: 'App', secret: 's3cret', callbackUrl: 'https://example.com/app', verifyToken: 'vt', createdAt: t0 }),
        ]),
      );
      const accounts = new CachedAccountsRepository(new KyselyAccountsRepository(open.db), 60_000);
      await accounts.saveSubscription({ wabaId: 'w1', appId: 'a1', overrideCallbackUri: null, verifyToken: null, createdAt: t0 });

      const first = resolveTargets(accounts, 'w1');
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toEqual([{ appId: 'a1', url: 'https://example.com/app' }]);
      // Cached: a failed send or a batch of statuses gets its targets without a promise.
      expect(resolveTargets(accounts, 'w1')).toEqual([{ appId: 'a1', url: 'https://example.com/app' }]);
      const waba = accounts.findWaba('w1');
      expect(waba).toBeInstanceOf(Promise);
      await waba;
      expect(accounts.findWaba('w1')).toMatchObject({ id: 'w1', businessId: 'b1' });

      // A write through the cache forgets what it held: the next read sees the override.
      await accounts.saveSubscription({ wabaId: 'w1', appId: 'a1', overrideCallbackUri: 'https://example.com/override', verifyToken: 'v', createdAt: t0 + 1 });
      const reread = resolveTargets(accounts, 'w1');
      expect(reread).toBeInstanceOf(Promise);
      expect(await reread).toEqual([{ appId: 'a1', url: 'https://example.com/override' }]);
    });

    it('group-commits many units in one transaction and round-trips messages, status changes and windows', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const messages = new KyselyMessagingRepository(open.db, { windowTtlMs: 0 });
      const units = Array.from({ length: 300 }, (_, index) => unitOf([record(messageStored, message(`K${String(index).padStart(5, '0')}`))]));
      const outcomes = await Promise.all(units.map((unit) => committer.commit(unit)));
      expect(outcomes.every((outcome) => outcome.committed)).toBe(true);
      expect(await messages.findMessage('K00007')).toEqual(message('K00007'));
      expect((await messages.findMessages(['K00001', 'K00002', 'nope'])).map((found) => found.key).sort()).toEqual(['K00001', 'K00002']);

      await committer.commit(
        unitOf(
          records(statusChanged, [
            { key: 'K00007', status: 'sent' as const, errorCode: null, updatedAt: t0 + 5, message: message('K00007') },
            { key: 'K00008', status: 'failed' as const, errorCode: 131026, updatedAt: t0 + 6, message: message('K00008') },
            { key: 'K00007', status: 'delivered' as const, errorCode: null, updatedAt: t0 + 7, message: message('K00007') },
          ]),
        ),
      );
      expect(await messages.findMessage('K00007')).toMatchObject({ status: 'delivered', errorCode: null, updatedAt: t0 + 7 });
      expect(await messages.findMessage('K00008')).toMatchObject({ status: 'failed', errorCode: 131026, updatedAt: t0 + 6 });
      expect(await messages.findMessage('K00009')).toMatchObject({ status: 'accepted', updatedAt: t0 });
      await committer.commit(unitOf([record(statusChanged, { key: 'K00290', status: 'read' as const, errorCode: null, updatedAt: t0 + 8, message: message('K00290') })]));
      expect((await messages.listInFlight('K00288')).map((found) => found.key)).toEqual(['K00288', 'K00289', 'K00291', 'K00292', 'K00293', 'K00294', 'K00295', 'K00296', 'K00297', 'K00298', 'K00299']);

      expect(await messages.lastInboundAt('p1', '15550100001')).toBeNull();
      await committer.commit(unitOf([record(windowTouched, { phoneNumberId: 'p1', waId: '15550100001', lastInboundAt: t0 })]));
      await committer.commit(unitOf([record(windowTouched, { phoneNumberId: 'p1', waId: '15550100001', lastInboundAt: t0 + 60_000 })]));
      expect(await messages.lastInboundAt('p1', '15550100001')).toBe(t0 + 60_000);
      expect((await messages.listByUser('15550100001', { direction: 'outbound', limit: 2 })).map((found) => found.key)).toEqual(['K00299', 'K00298']);
    });

    it('applies a batch of status changes larger than one statement, the last change of each message winning', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const messages = new KyselyMessagingRepository(open.db, { windowTtlMs: 0 });
      const keys = Array.from({ length: 150 }, (_, index) => `K${String(index).padStart(5, '0')}`);
      await committer.commit(unitOf(records(messageStored, keys.map((key) => message(key)))));
      // Every message: sent, then delivered; every third also read, and every seventh failed with a code instead.
      const changes = keys.flatMap((key, index) => [
        { key, status: 'sent' as const, errorCode: null, updatedAt: t0 + index, message: message(key) },
        index % 7 === 0 ? { key, status: 'failed' as const, errorCode: 131049, updatedAt: t0 + 1_000 + index, message: message(key, { status: 'sent' }) } : { key, status: 'delivered' as const, errorCode: null, updatedAt: t0 + 1_000 + index, message: message(key, { status: 'sent' }) },
        ...(index % 3 === 0 && index % 7 !== 0 ? [{ key, status: 'read' as const, errorCode: null, updatedAt: t0 + 2_000 + index, message: message(key, { status: 'delivered' }) }] : []),
      ]);
      await committer.commit(unitOf(records(statusChanged, [...changes, { key: 'K99999', status: 'sent' as const, errorCode: null, updatedAt: t0, message: message('K99999') }])));
      const stored = new Map((await messages.findMessages(keys)).map((found) => [found.key, found]));
      keys.forEach((key, index) => {
        const expected =
          index % 7 === 0
            ? { status: 'failed', errorCode: 131049, updatedAt: t0 + 1_000 + index }
            : index % 3 === 0
              ? { status: 'read', errorCode: null, updatedAt: t0 + 2_000 + index }
              : { status: 'delivered', errorCode: null, updatedAt: t0 + 1_000 + index };
        expect(stored.get(key)).toMatchObject(expected);
      });
      expect(await messages.findMessage('K99999')).toBeUndefined();
    });

    it('keeps the time each status was first reached on its message, and moves the analytics counts of its half hour', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const analytics = new KyselyAnalyticsRepository(open.db);
      const halfHour = 1_800_000;
      const base = Math.floor(t0 / halfHour) * halfHour;
      const stored = [
        message('M1'), message('M2'), message('M3'), message('M4', { waId: '6281234567890' }),
        message('M5', { createdAt: base + halfHour + 60_000 }), message('M6', { direction: 'inbound', status: 'received' }),
      ];
      await committer.commit(unitOf(records(messageStored, stored)));
      const at = (key: string) => stored.find((entry) => entry.key === key) ?? message(key);
      const change = (key: string, from: MessageRecord['status'], status: MessageRecord['status'], updatedAt: number, errorCode: number | null = null) => ({
        key, status, errorCode, updatedAt, message: { ...at(key), status: from },
      });
      // M1 sent, delivered and read over two batches with a repeat; M2 sent then failed; M3 failed at once;
      // M4 (Indonesia) delivered without a sent; M5 sent in the next half hour; M6 (inbound) read.
      await committer.commit(unitOf(records(statusChanged, [change('M1', 'accepted', 'sent', t0 + 1), change('M1', 'sent', 'delivered', t0 + 2), change('M2', 'accepted', 'sent', t0 + 3), change('M3', 'accepted', 'failed', t0 + 4, 131026)])));
      await committer.commit(unitOf(records(statusChanged, [change('M1', 'delivered', 'read', t0 + 5), change('M2', 'sent', 'failed', t0 + 6, 131049), change('M4', 'accepted', 'delivered', t0 + 7), change('M5', 'accepted', 'sent', t0 + 8), change('M6', 'received', 'read', t0 + 9)])));
      const console = new KyselyConsoleRepository(open.db);
      const times = async (key: string) => {
        const row = await console.findMessage(key);
        return [row?.status, row?.sent_at, row?.delivered_at, row?.read_at, row?.failed_at, row?.error_code].map((value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value));
      };
      expect(await times('M1')).toEqual(['read', t0 + 1, t0 + 2, t0 + 5, null, null]);
      expect(await times('M2')).toEqual(['failed', t0 + 3, null, null, t0 + 6, 131049]);
      expect(await times('M3')).toEqual(['failed', null, null, null, t0 + 4, 131026]);
      expect(await times('M4')).toEqual(['delivered', null, t0 + 7, null, null, null]);

      const scope = { businessId: 'b1', wabaId: 'w1', phoneNumberIds: ['p1'], from: t0, to: base + 2 * halfHour, bucketMs: halfHour };
      // M1 read and M4 delivered count as sent and delivered; M2 failed after it was sent leaves both; M6 is inbound.
      expect(await analytics.messageCounts({ ...scope, countryCodes: undefined })).toEqual([{ bucketStart: base, sent: 2, delivered: 2 }, { bucketStart: base + halfHour, sent: 1, delivered: 0 }]);
      expect(await analytics.messageCounts({ ...scope, countryCodes: ['ID'] })).toEqual([{ bucketStart: base, sent: 1, delivered: 1 }]);
      expect(await analytics.messageCounts({ ...scope, bucketMs: 86_400_000, countryCodes: ['US'] })).toEqual([{ bucketStart: Math.floor(t0 / 86_400_000) * 86_400_000, sent: 2, delivered: 1 }]);
      expect(await analytics.messageCounts({ ...scope, phoneNumberIds: ['p2'], countryCodes: undefined })).toEqual([]);
    });

    it('moves each status history row onto its message and counts the messages already sent when the status times arrive', async () => {
      const stepsBack = migrationNames.length - migrationNames.indexOf('2026-11-28T12-00-00-status-times');
      for (let step = 0; step < stepsBack; step += 1) await migrateDown(open.db, open.schema);
      const before = open.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const row = (key: string, status: string, extra: Record<string, unknown> = {}) => ({
        key, business_id: 'b1', waba_id: 'w1', phone_number_id: 'p1', direction: 'outbound', wa_id: '15550100001', type: 'text', content: '{"body":"Hi"}',
        status, error_code: null, created_at: t0, updated_at: t0, country: 'US', ...extra,
      });
      await before.insertInto('messages').values([row('H1', 'read'), row('H2', 'failed', { error_code: 131049 }), row('H3', 'delivered', { direction: 'inbound' }), row('H4', 'accepted')]).execute();
      await before.insertInto('message_statuses').values([
        { message_key: 'H1', status: 'sent', error_code: null, at: t0 + 1 },
        { message_key: 'H1', status: 'delivered', error_code: null, at: t0 + 2 },
        { message_key: 'H1', status: 'read', error_code: null, at: t0 + 3 },
        { message_key: 'H2', status: 'sent', error_code: null, at: t0 + 4 },
        { message_key: 'H2', status: 'failed', error_code: 131049, at: t0 + 5 },
      ]).execute();
      await migrateToLatest(open.db, open.schema);
      const console = new KyselyConsoleRepository(open.db);
      const h1 = await console.findMessage('H1');
      const h2 = await console.findMessage('H2');
      expect([h1?.sent_at, h1?.delivered_at, h1?.read_at, h1?.failed_at].map((value) => (value === null || value === undefined ? value : Number(value)))).toEqual([t0 + 1, t0 + 2, t0 + 3, null]);
      expect([h2?.sent_at, h2?.delivered_at, h2?.read_at, h2?.failed_at].map((value) => (value === null || value === undefined ? value : Number(value)))).toEqual([t0 + 4, null, null, t0 + 5]);
      const bucketStart = Math.floor(t0 / 1_800_000) * 1_800_000;
      const counts = await new KyselyAnalyticsRepository(open.db).messageCounts({ businessId: 'b1', wabaId: 'w1', phoneNumberIds: ['p1'], from: t0, to: t0 + 1, bucketMs: 1_800_000, countryCodes: undefined });
      expect(counts).toEqual([{ bucketStart, sent: 1, delivered: 1 }]);
      // And back: the history rows return from the message's columns.
      for (let step = 0; step < stepsBack; step += 1) await migrateDown(open.db, open.schema);
      const history = await before.selectFrom('message_statuses').select(['message_key', 'status', 'error_code', 'at']).orderBy('message_key').orderBy('at').execute();
      expect(history.map((entry) => [entry['message_key'], entry['status'], entry['error_code'], Number(entry['at'])])).toEqual([
        ['H1', 'sent', null, t0 + 1], ['H1', 'delivered', null, t0 + 2], ['H1', 'read', null, t0 + 3], ['H2', 'sent', null, t0 + 4], ['H2', 'failed', 131049, t0 + 5],
      ]);
    });

    it('remembers windows committed through this process and rereads others after the TTL', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const remembering = new KyselyMessagingRepository(open.db, { windowTtlMs: 60_000 });
      const first = remembering.lastInboundAt('p1', '15550100001');
      expect(first).toBeInstanceOf(Promise);
      expect(await first).toBeNull();
      await committer.commit(unitOf([record(windowTouched, { phoneNumberId: 'p1', waId: '15550100001', lastInboundAt: t0 })]));
      // Remembered: a send asks without a promise to await.
      expect(remembering.lastInboundAt('p1', '15550100001')).toBeNull();
      remembering.rememberWindows([{ phoneNumberId: 'p1', waId: '15550100001', lastInboundAt: t0 }]);
      expect(remembering.lastInboundAt('p1', '15550100001')).toBe(t0);
      expect(await new KyselyMessagingRepository(open.db, { windowTtlMs: 0 }).lastInboundAt('p1', '15550100001')).toBe(t0);
    });

    it('trusts a window it read for as long as the engine allows: for good on SQLite, a second on PostgreSQL', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      let now = 0;
      const reader = new KyselyMessagingRepository(open.db, { windowTtlMs: windowTtlMs(dialect), now: () => now });
      expect(await reader.lastInboundAt('p1', '15550100002')).toBeNull();
      // Opened behind the reader's back, as only another node sharing the database would.
      await committer.commit(unitOf([record(windowTouched, { phoneNumberId: 'p1', waId: '15550100002', lastInboundAt: t0 })]));
      now = 999;
      expect(await reader.lastInboundAt('p1', '15550100002')).toBeNull();
      now = 3_600_000;
      // One process owns a SQLite file, so nothing is read again; PostgreSQL rereads after a second.
      expect(await reader.lastInboundAt('p1', '15550100002')).toBe(dialect === 'sqlite' ? null : t0);
    });

    it('reports a duplicate idempotency key without losing the other units of the batch', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const messages = new KyselyMessagingRepository(open.db);
      const [first, duplicate, other] = await Promise.all([
        committer.commit(unitOf([record(messageStored, message('A1', { idempotencyKey: 'order-1' }))])),
        committer.commit(unitOf([record(messageStored, message('A2', { idempotencyKey: 'order-1' }))])),
        committer.commit(unitOf([record(messageStored, message('A3', { idempotencyKey: 'order-2' }))])),
      ]);
      expect(first).toEqual({ committed: true });
      expect(duplicate).toEqual({ committed: false, reason: 'duplicate_idempotency_key' });
      expect(other).toEqual({ committed: true });
      expect((await messages.findByIdempotencyKey('p1', 'order-1'))?.key).toBe('A1');
      expect(await messages.findMessage('A2')).toBeUndefined();
    });

    it('keeps outbox rows until delivered, logs every attempt, and reads them callback by callback', async () => {
      const committer = new GroupCommitter(open.db, { writers: coreUnitWriters });
      const outbox = new KyselyOutboxRepository(open.db);
      const other = 'http://127.0.0.1:9/other';
      await committer.commit(unitOf(records(outboxQueued, [outboxRecord('O1'), outboxRecord('O2', { nextAttemptAt: t0 + 10_000 }), outboxRecord('O3', { url: other, nextAttemptAt: t0 + 20_000 })])));
      expect(await outbox.pendingCallbacks()).toEqual([
        { url: 'http://127.0.0.1:9/hook', nextAttemptAt: t0 },
        { url: other, nextAttemptAt: t0 + 20_000 },
      ]);
      expect((await outbox.dueFor('http://127.0.0.1:9/hook', t0, 10)).map((record) => record.key)).toEqual(['O1']);
      expect(await outbox.dueFor(other, t0, 10)).toEqual([]);
      const failed = afterAttempt(outboxRecord('O1'), { delivered: false, error: 'HTTP 500' }, t0);
      await outbox.recordAttempts([{ record: failed, attempt: { key: 'X1', outboxKey: 'O1', attempt: 1, attemptedAt: t0, url: failed.url, responseStatus: 500, error: 'HTTP 500', durationMs: 3 } }]);
      expect(await outbox.dueFor(failed.url, t0, 10)).toEqual([]);
      expect((await outbox.dueFor(failed.url, t0 + 10_000, 10)).map((record) => record.key)).toEqual(['O1', 'O2']);
      expect((await outbox.dueFor(failed.url, t0 + 10_000, 1)).map((record) => record.key)).toEqual(['O1']);
      expect((await outbox.dueFor(failed.url, t0 + 10_000, 10, { nextAttemptAt: failed.nextAttemptAt, key: 'O1' })).map((record) => record.key)).toEqual(['O2']);
      const delivered = afterAttempt(failed, { delivered: true }, t0 + 10_000);
      await outbox.recordAttempts([{ record: delivered, attempt: { key: 'X2', outboxKey: 'O1', attempt: 2, attemptedAt: t0 + 10_000, url: failed.url, responseStatus: 200, error: null, durationMs: 2 } }]);
      expect((await outbox.list({ status: 'delivered', limit: 10 })).map((record) => [record.key, record.attempts, record.finishedAt])).toEqual([['O1', 2, t0 + 10_000]]);
      expect((await outbox.attempts({ outboxKey: 'O1', limit: 10 })).map((attempt) => attempt.responseStatus)).toEqual([200, 500]);
      expect(await outbox.pendingCallbacks()).toEqual([
        { url: 'http://127.0.0.1:9/hook', nextAttemptAt: t0 + 10_000 },
        { url: other, nextAttemptAt: t0 + 20_000 },
      ]);

      expect(await outbox.pruneFinished(t0 + 10_000, 10)).toEqual({ outboxRows: 0, attempts: 0 });
      expect(await outbox.pruneFinished(t0 + 10_001, 10)).toEqual({ outboxRows: 1, attempts: 2 });
      expect(await outbox.attempts({ outboxKey: 'O1', limit: 10 })).toEqual([]);
      expect((await outbox.list({ limit: 10 })).map((record) => record.key)).toEqual(['O3', 'O2']);
    });

    it('keeps settings and simulator users', async () => {
      const settings = new KyselySettingsRepository(open.db);
      expect(await settings.get('sim.clock')).toBeUndefined();
      await settings.put('sim.clock', { mode: 'frozen', value: t0 }, t0);
      await settings.put('sim.clock', { mode: 'frozen', value: t0 + 1 }, t0);
      expect(await settings.get('sim.clock')).toEqual({ mode: 'frozen', value: t0 + 1 });
      const users = new KyselySimUsersRepository(open.db);
      await users.save({ waId: '15550100009', profileName: 'Nine', onWhatsApp: false, createdAt: t0, traits: { behaviour: 'blocker', identity: { hash: 'DF2lS5v2W6x=' } } });
      expect(await users.all()).toEqual([{ waId: '15550100009', profileName: 'Nine', onWhatsApp: false, createdAt: t0, traits: { behaviour: 'blocker', identity: { hash: 'DF2lS5v2W6x=' } } }]);
    });
  });
}
