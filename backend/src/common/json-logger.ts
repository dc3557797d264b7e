import type { LoggerService } from '@nestjs/common';
import type { LogLevel } from '../config/config';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * Structured JSON logs, one object a line, on stdout. Never give it personal data: log ids and codes,
 * not names, e-mail addresses, free text or request bodies.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly level: LogLevel,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line + '\n'),
  ) {}

  private emit(level: Exclude<LogLevel, 'silent'>, msg: unknown, fields: Record<string, unknown> = {}): void {
    if (RANK[level] < RANK[this.level]) return;
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, ...fields };
    if (msg instanceof Error) {
      entry.msg = msg.message;
      entry.err = { name: msg.name, stack: msg.stack };
    } else if (typeof msg === 'object' && msg !== null) {
      Object.assign(entry, msg);
    } else {
      entry.msg = String(msg);
    }
    this.write(JSON.stringify(entry));
  }

  /** For application code: `logger.event('info', 'case.created', { caseId })`. */
  event(level: Exclude<LogLevel, 'silent'>, msg: string, fields: Record<string, unknown> = {}): void {
    this.emit(level, msg, fields);
  }

  // Nest's LoggerService interface: the last optional param is the context (class name).
  log(message: unknown, context?: string): void {
    // Nest's start-up chatter (module and route listing) is debug detail, not operations information
    const chatter = context !== undefined && ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(context);
    this.emit(chatter ? 'debug' : 'info', message, context ? { context } : {});
  }
  error(message: unknown, stackOrContext?: string, context?: string): void {
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    if (stackOrContext && stackOrContext.includes('\n')) fields.stack = stackOrContext;
    else if (stackOrContext) fields.context = stackOrContext;
    this.emit('error', message, fields);
  }
  warn(message: unknown, context?: string): void {
    this.emit('warn', message, context ? { context } : {});
  }
  debug(message: unknown, context?: string): void {
    this.emit('debug', message, context ? { context } : {});
  }
  verbose(message: unknown, context?: string): void {
    this.emit('debug', message, context ? { context } : {});
  }
}
