import { AsyncLocalStorage } from 'node:async_hooks';
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
 * connection per transaction). Spec: sqlite-serial.spec.ts.
 */

interface Turn {
  readonly id: number;
}

interface Serial {
  tail: Promise<void>;
  owner: Turn | null;
  release: (() => void) | null;
}

const flow = new AsyncLocalStorage<Turn>();
const serials = new WeakMap<object, Serial>();
let turns = 0;

function serialOf(runner: object): Serial {
  let serial = serials.get(runner);
  if (!serial) {
    serial = { tail: Promise.resolve(), owner: null, release: null };
    serials.set(runner, serial);
  }
  return serial;
}

/** Waits for the turns taken before this one; resolves with the function that hands the turn on. */
function takeTurn(serial: Serial): Promise<() => void> {
  const previous = serial.tail;
  let release!: () => void;
  serial.tail = new Promise<void>((resolve) => (release = resolve));
  return previous.then(() => release);
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
        await start.apply(this, args);
      } catch (error) {
        if (!connectionOf(this).inTransaction) {
          this.isTransactionActive = false;
          this.transactionDepth = 0;
          handOn(serial);
        }
        throw error;
      }
    });
  };

  const ending = (original: RunnerFn): RunnerFn =>
    async function (this: Runner, ...args: unknown[]): Promise<unknown> {
      const serial = serialOf(this);
      try {
        return await original.apply(this, args);
      } finally {
        // what SQLite says, not TypeORM's flags: a failed COMMIT (disk full) can end the transaction in SQLite, and
        // the ROLLBACK that follows then fails before TypeORM resets its state
        if (owns(serial) && !connectionOf(this).inTransaction) {
          this.isTransactionActive = false;
          this.transactionDepth = 0;
          handOn(serial);
        }
      }
    };
  proto.commitTransaction = ending(commit);
  proto.rollbackTransaction = ending(rollback);

  proto.query = function (this: Runner, ...args: unknown[]): Promise<unknown> {
    const serial = serialOf(this);
    if (owns(serial)) return query.apply(this, args);
    return takeTurn(serial).then((release) => query.apply(this, args).finally(release));
  };
}

function handOn(serial: Serial): void {
  const release = serial.release;
  serial.owner = null;
  serial.release = null;
  release?.();
}
