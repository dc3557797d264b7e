import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import { EntityManager } from 'typeorm';
import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';

/**
 * One writer at a time on SQLite. better-sqlite3 has one connection and TypeORM 1 shares one query runner for it: a
 * transaction started while another request's transaction is open became a SAVEPOINT inside it, so the first request's
 * "commit" only released a savepoint (answered 2xx with nothing committed) and a later rollback of the other request
 * (a 409, say) undid both; a query of a third request ran inside whichever transaction was open.
 *
 * Here each top-level transaction takes a turn (a FIFO queue per runner) and keeps it until its outermost commit or
 * rollback; the code running inside it (same async context: `AsyncLocalStorage`) nests as savepoints, as TypeORM
 * intends; every other query waits for its own turn. SQLite itself allows one writer at a time anyway; what this
 * adds is that the boundaries of a transaction are the ones its code asked for. PostgreSQL is not concerned (a
 * connection per transaction). Spec: sqlite-serial.api.spec.ts.
 *
 * Group commit (docs/decisions/0005): the COMMIT (an fsync with synchronous=FULL) is the largest single cost of a
 * write. A transaction that ends while others wait in line does not commit alone: each transaction runs in a
 * SAVEPOINT of a shared transaction (the group), its failure rolls back its savepoint only, and the group commits
 * once, when no transaction waits any more (or after MAX_GROUP of them) or before any statement outside a
 * transaction (which therefore never reads what is not committed). Each transaction's commit resolves only when its
 * group's COMMIT has succeeded, so nothing is acknowledged before it is durable; if that COMMIT fails, every member's
 * commit fails (none of their work is kept) and their callers get the error, as with a COMMIT of their own.
 */

interface Turn {
  readonly id: number;
}

/** A transaction of the group: its work is done (its savepoint released), it waits for the group's COMMIT. */
interface Member {
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Serial {
  tail: Promise<void>;
  owner: Turn | null;
  release: (() => void) | null;
  /** turns asked for and not yet given */
  waiting: number;
  /** the open group (SQLite inside our BEGIN): the members done so far; null when no group is open */
  group: Member[] | null;
  /** the connection the group's transaction is open on */
  groupRunner: Runner | null;
  /** a flush is scheduled (its turn is asked for at the next turn of the event loop) */
  flushing: boolean;
}

/** At most this many transactions share one COMMIT (bounds the wait of the first one). */
const MAX_GROUP = 32;

/** Counts since the process started (specs, benchmarks): group COMMITs that succeeded, and the transactions in them. */
export const groupCommits = { commits: 0, transactions: 0 };

const flow = new AsyncLocalStorage<Turn>();
const serials = new WeakMap<object, Serial>();
let turns = 0;

/**
 * One queue per database file, shared by every connection to it in this process (several instances of the app in
 * one process, as in the specs, must not hold SQLite's write lock against each other: better-sqlite3 waits for a
 * lock synchronously, so the holder could never release it); one per connection for an in-memory database.
 */
const serialsByFile = new Map<string, Serial>();
function serialOf(runner: object): Serial {
  const file = (runner as { driver?: { options?: { database?: string } } }).driver?.options?.database;
  const known = file && file !== ':memory:' ? serialsByFile.get(resolve(file)) : serials.get(runner);
  if (known) return known;
  const serial: Serial = {
    tail: Promise.resolve(),
    owner: null,
    release: null,
    waiting: 0,
    group: null,
    groupRunner: null,
    flushing: false,
  };
  if (file && file !== ':memory:') serialsByFile.set(resolve(file), serial);
  else serials.set(runner, serial);
  return serial;
}

/** Waits for the turns taken before this one; resolves with the function that hands the turn on. */
function takeTurn(serial: Serial): Promise<() => void> {
  const previous = serial.tail;
  let release!: () => void;
  serial.tail = new Promise<void>((resolve) => (release = resolve));
  serial.waiting += 1;
  return previous.then(() => {
    serial.waiting -= 1;
    return release;
  });
}

function owns(serial: Serial): boolean {
  return serial.owner !== null && flow.getStore() === serial.owner;
}

type Runner = BetterSqlite3QueryRunner & { isTransactionActive: boolean; transactionDepth: number };

/** The better-sqlite3 connection under the runner (`inTransaction`: whether SQLite has a transaction open). */
function connectionOf(runner: Runner): { inTransaction: boolean } {
  return (runner as unknown as { driver: { databaseConnection: { inTransaction: boolean } } }).driver.databaseConnection;
}
type RunnerFn = (this: Runner, ...args: unknown[]) => Promise<unknown>;
interface Patched {
  startTransaction: RunnerFn;
  commitTransaction: RunnerFn;
  rollbackTransaction: RunnerFn;
  query: RunnerFn;
}
let installed = false;

/** Installs the queue on TypeORM's better-sqlite3 query runner (once per process; idempotent). */
export function serialiseSqliteTransactions(): void {
  if (installed) return;
  installed = true;
  // `EntityManager.transaction` runs in a scope of its own, so that the turn it enters (below) is that of its body
  // only, not of the code that called it and goes on meanwhile (e.g. `Promise.all` of a transaction and a query)
  const managerProto = EntityManager.prototype as unknown as { transaction: (...args: unknown[]) => Promise<unknown> };
  const transaction = managerProto.transaction;
  managerProto.transaction = function (this: EntityManager, ...args: unknown[]): Promise<unknown> {
    // a fresh store makes a scope of its own (`run` with the store already there does not)
    return flow.run(flow.getStore() ?? { id: 0 }, () => transaction.apply(this, args));
  };

  const proto = BetterSqlite3QueryRunner.prototype as unknown as Patched;
  const start = proto.startTransaction;
  const commit = proto.commitTransaction;
  const rollback = proto.rollbackTransaction;
  const query = proto.query;

  /** Commits the open group (one COMMIT, one fsync for all its members) and answers each member. */
  async function flush(caller: Runner, serial: Serial): Promise<void> {
    const members = serial.group;
    const runner = serial.groupRunner ?? caller;
    serial.group = null;
    serial.groupRunner = null;
    runner.isTransactionActive = false;
    runner.transactionDepth = 0;
    if (!members) return;
    try {
      await query.call(runner, members.length ? 'COMMIT' : 'ROLLBACK');
    } catch (error) {
      // a failed COMMIT (disk full) may leave SQLite in the transaction: nothing of the group is kept
      if (connectionOf(runner).inTransaction) await query.call(runner, 'ROLLBACK').catch(() => undefined);
      for (const m of members) m.reject(error);
      return;
    }
    groupCommits.commits += 1;
    groupCommits.transactions += members.length;
    for (const m of members) m.resolve();
  }

  /**
   * After a member's end: the next transaction in line joins the group. With none in line, the group commits at the
   * next turn of the event loop, after the requests already received have had a chance to join it: a transaction's
   * statements never wait for I/O (better-sqlite3 is synchronous), so without this pause no other request could ever
   * be in line when one ends. The pause is one turn of the event loop; a lone write is not slower in any other way.
   */
  async function settle(runner: Runner, serial: Serial): Promise<void> {
    try {
      if (serial.group && !connectionOf(runner).inTransaction) {
        // SQLite rolled the whole transaction back on its own (it does after some errors, e.g. SQLITE_FULL)
        const lost = serial.group;
        serial.group = null;
        serial.groupRunner = null;
        runner.isTransactionActive = false;
        runner.transactionDepth = 0;
        for (const m of lost) m.reject(new Error('SQLite rolled the transaction back'));
      }
      if (!serial.group) await flush(runner, serial);
      else if (serial.group.length >= MAX_GROUP) await flush(runner, serial);
      else if (serial.waiting === 0 && !serial.flushing) {
        serial.flushing = true;
        setImmediate(() => {
          void takeTurn(serial).then(async (release) => {
            serial.flushing = false;
            try {
              if (serial.group) await flush(runner, serial);
            } finally {
              release();
            }
          });
        });
      }
    } finally {
      handOn(serial);
    }
  }

  proto.startTransaction = function (this: Runner, ...args: unknown[]): Promise<unknown> {
    const serial = serialOf(this);
    if (owns(serial)) return start.apply(this, args); // nested in the transaction's own code: a savepoint
    const turn: Turn = { id: (turns += 1) };
    // the caller's code from here on (the transaction's body) runs in this turn's flow
    flow.enterWith(turn);
    return takeTurn(serial).then(async (release) => {
      serial.owner = turn;
      serial.release = release;
      try {
        // every transaction is a member of a group: our BEGIN, then its own savepoint (TypeORM's, at depth 1)
        // a group open on another connection to the same file (another instance in this process) commits first
        if (serial.group && serial.groupRunner !== this) await flush(this, serial);
        if (!serial.group) {
          await query.call(this, 'BEGIN TRANSACTION');
          serial.group = [];
          serial.groupRunner = this;
        }
        this.isTransactionActive = true;
        this.transactionDepth = 1;
        await start.apply(this, args);
      } catch (error) {
        await settle(this, serial);
        throw error;
      }
    });
  };

  proto.commitTransaction = async function (this: Runner, ...args: unknown[]): Promise<unknown> {
    const serial = serialOf(this);
    if (!owns(serial)) return undefined; // this transaction has ended already (its group failed to commit)
    if (this.transactionDepth > 2) return commit.apply(this, args); // a savepoint of its own code
    // RELEASE of its savepoint: its work is now the group's (if this fails, TypeORM rolls it back, still the owner)
    await commit.apply(this, args);
    // answered once the group is committed: nothing is acknowledged before it is durable
    const done = new Promise<void>((resolve, reject) => serial.group?.push({ resolve, reject }));
    await settle(this, serial);
    return done;
  };

  proto.rollbackTransaction = async function (this: Runner, ...args: unknown[]): Promise<unknown> {
    const serial = serialOf(this);
    if (!owns(serial)) return undefined; // ended already
    if (this.transactionDepth > 2) return rollback.apply(this, args);
    try {
      // back to its savepoint, which is then dropped: the other members of the group keep their work
      await rollback.apply(this, args);
      await query.call(this, 'RELEASE SAVEPOINT typeorm_1');
    } catch {
      // SQLite has no transaction any more: settle() tells the members of the group
    }
    await settle(this, serial);
    return undefined;
  };

  proto.query = function (this: Runner, ...args: unknown[]): Promise<unknown> {
    const serial = serialOf(this);
    if (owns(serial)) return query.apply(this, args);
    return takeTurn(serial).then(async (release) => {
      try {
        // a statement of its own never runs inside the group (nor reads what is not committed yet)
        if (serial.group) await flush(this, serial);
        return await query.apply(this, args);
      } finally {
        release();
      }
    });
  };
}

function handOn(serial: Serial): void {
  const release = serial.release;
  serial.owner = null;
  serial.release = null;
  release?.();
}
