import { closeSync, existsSync, fchmodSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import type { DataSource } from 'typeorm';
import { PASSWORD_LINK_HOURS } from '../auth/password-links';
import { InterruptGuard, Interrupted, Progress } from '../common/progress';
import { formatCsv } from './csv';
import { importSchoolsAndStaff, type ImportFile, type ImportInvite, type ImportReport } from './import-schools-staff';

export const IMPORT_USAGE =
  'node backend/dist/src/cli.js import [--schools <schools.csv>] [--staff <staff.csv> --links-out <invites.csv>] [--dry-run] [--skip-invalid]';

export interface ImportArgs {
  schools: string | null;
  staff: string | null;
  linksOut: string | null;
  dryRun: boolean;
  skipInvalid: boolean;
}

/** A wrong command line: the message says what to change. */
export class ImportUsageError extends Error {}

export function parseImportArgs(args: string[]): ImportArgs {
  const out: ImportArgs = { schools: null, staff: null, linksOut: null, dryRun: false, skipInvalid: false };
  const valued = { '--schools': 'schools', '--staff': 'staff', '--links-out': 'linksOut' } as const;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--dry-run') out.dryRun = true;
    else if (arg === '--skip-invalid') out.skipInvalid = true;
    else if (arg in valued) {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new ImportUsageError(`${arg} needs a file name`);
      out[valued[arg as keyof typeof valued]] = value;
    } else throw new ImportUsageError(`unknown option ${arg}`);
  }
  if (!out.schools && !out.staff) throw new ImportUsageError('give --schools, --staff or both');
  if (out.staff && !out.dryRun && !out.linksOut)
    throw new ImportUsageError('--links-out <file> is required with --staff: the setup links of the new accounts are written there');
  return out;
}

/** The CSV file handed to whoever sends the invitations: one row per new account. */
export function invitesCsv(invites: ImportInvite[]): string {
  return formatCsv([
    ['email', 'display_name', 'role', 'school_code', 'region_code', 'locale', 'setup_link', 'expires_at'],
    ...invites.map((i) => [i.email, i.displayName, i.role, i.schoolCode ?? '', i.regionCode ?? '', i.locale, i.url, i.expiresAt]),
  ]);
}

/** The summary printed after an import: counts, then every rejected row. */
export function formatImportReport(report: ImportReport, names: Record<ImportFile, string>, linksOut: string | null): string {
  const lines: string[] = [];
  const verb = report.written ? 'created' : 'to create';
  const counts = (file: ImportFile) => {
    const s = report[file];
    return `${file === 'schools' ? 'Schools' : 'Staff'}: ${report.written ? s.created : s.valid} ${verb}, ${s.existing} already existing (skipped), ${s.rejected} rejected`;
  };
  if (report.dryRun) lines.push('Dry run: nothing was written.');
  else if (report.written) lines.push(report.rejections.length ? 'Imported the valid rows; rejected rows were left out.' : 'Imported.');
  else if (report.fileRejected) lines.push('Nothing was written: a file could not be read (see below).');
  else if (report.rejections.length) lines.push('Nothing was written: fix the rejected rows and run again (or use --skip-invalid).');
  else lines.push('Nothing to import: every row already exists.');
  if (names.schools) lines.push(counts('schools'));
  if (names.staff) lines.push(counts('staff'));
  if (report.rejections.length) {
    lines.push('', 'Rejected:');
    for (const r of report.rejections)
      lines.push(`  ${names[r.file]} line ${r.line}${r.column ? `, column ${r.column}` : ''}: ${r.reason}`);
  }
  if (report.invites.length && linksOut) {
    lines.push(
      '',
      `Setup links for ${report.invites.length} new account(s) written to ${linksOut} (valid ${PASSWORD_LINK_HOURS} hours).`,
      'Send each person their own link; keep the file private and delete it once sent.',
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * `cli.js import …`: reads the files, imports, writes the invitation links (mode 0600, never an existing file)
 * and prints the summary. Exit code: 0 all rows imported or already there, 1 nothing written because of
 * rejections, 2 written with rejected rows left out (--skip-invalid).
 */
export async function runImportCommand(db: DataSource, publicUrl: string, argv: string[], print: (text: string) => void): Promise<number> {
  const args = parseImportArgs(argv);
  const read = (path: string | null) => {
    if (!path) return null;
    if (!existsSync(path)) throw new ImportUsageError(`no such file: ${path}`);
    return readFileSync(path);
  };
  const schoolsCsv = read(args.schools);
  const staffCsv = read(args.staff);
  let fd: number | null = null;
  if (args.linksOut && !args.dryRun) {
    try {
      // opened before the import, so a link is never lost to an unwritable file after the commit
      fd = openSync(args.linksOut, 'wx', 0o600);
    } catch (error) {
      throw new ImportUsageError(
        (error as NodeJS.ErrnoException).code === 'EEXIST'
          ? `${args.linksOut} already exists: give a new file name for the links`
          : `cannot create ${args.linksOut}: ${(error as Error).message}`,
      );
    }
    fchmodSync(fd, 0o600);
  }
  let report: ImportReport;
  // progress on standard error; Ctrl-C rolls the whole import back (one transaction) and deletes the links file
  const guard = new InterruptGuard().start();
  let progress: Progress | null = null;
  const onProgress = (written: number, total: number) => {
    progress ??= new Progress('import: writing', total, { unit: 'rows' });
    progress.update(written);
    guard.check();
  };
  try {
    report = await importSchoolsAndStaff(
      db,
      { schoolsCsv, staffCsv },
      { publicUrl, dryRun: args.dryRun, skipInvalid: args.skipInvalid, onProgress },
    );
    (progress as Progress | null)?.finish();
    if (fd !== null && report.invites.length) writeSync(fd, invitesCsv(report.invites));
  } catch (error) {
    (progress as Progress | null)?.abandon();
    if (fd !== null) {
      closeSync(fd);
      unlinkSync(args.linksOut!);
    }
    if (error instanceof Interrupted) {
      print(`Import ${error.message}: nothing was written.\n`);
      return 130;
    }
    throw error;
  } finally {
    guard.stop();
  }
  if (fd !== null) {
    closeSync(fd);
    if (!report.invites.length) unlinkSync(args.linksOut!);
  }
  print(
    formatImportReport(
      report,
      { schools: args.schools ? basename(args.schools) : '', staff: args.staff ? basename(args.staff) : '' },
      args.linksOut,
    ),
  );
  if (report.rejections.length) return report.written ? 2 : 1;
  return 0;
}
