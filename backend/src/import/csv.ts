/**
 * A small RFC 4180 reader and writer, enough for the school and staff files academies prepare in a
 * spreadsheet: quoted fields (with commas, line breaks and doubled quotes inside), CRLF or LF line ends,
 * UTF-8 with or without a byte order mark. French spreadsheets save "CSV" with semicolons: the separator is
 * taken from the header line (a semicolon when it has semicolons and no commas, a comma otherwise).
 */

/** A file the reader cannot take as a whole: the message names the line. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  /** line of the file where the record starts (the header is line 1 when the file has no leading blank lines) */
  line: number;
  fields: string[];
}

/** Decodes bytes as UTF-8, refusing anything else (a file saved as Windows-1252 would garble names). */
export function decodeUtf8(input: string | Uint8Array): string {
  if (typeof input === 'string') return input;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input);
  } catch {
    throw new CsvError(1, 'the file is not UTF-8 text: save it as "CSV UTF-8" from your spreadsheet');
  }
}

/** The separator: `;` when the first line has semicolons and no commas (outside quotes), `,` otherwise. */
export function detectSeparator(text: string): ',' | ';' {
  let quoted = false;
  let commas = 0;
  let semicolons = 0;
  for (const ch of text.replace(/^\uFEFF/, '')) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ',') commas++;
    else if (!quoted && ch === ';') semicolons++;
  }
  return semicolons > 0 && commas === 0 ? ';' : ',';
}

/**
 * Every record of the text, blank lines left out. A quote may open a field only at its start, and a quoted
 * field must be followed by a separator or a line end; anything else is a CsvError naming the line.
 */
export function parseCsv(input: string, separator: ',' | ';' = detectSeparator(input)): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let atFieldStart = true;
  let i = 0;

  const endRecord = () => {
    fields.push(field);
    // a line with nothing on it is not a record
    if (fields.length > 1 || field !== '') records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    atFieldStart = true;
  };

  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' && atFieldStart) {
      // a quoted field: up to the closing quote; "" inside is one quote
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvError(openedOn, 'a quoted field is never closed (missing ")');
        const c = text[i];
        if (c === '"' && text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else if (c === '"') {
          i++;
          break;
        } else {
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
      }
      atFieldStart = false;
      const next = text[i];
      if (next !== undefined && next !== separator && next !== '\n' && next !== '\r') {
        throw new CsvError(line, 'text after a closing quote (a " inside a quoted field must be doubled: "")');
      }
    } else if (ch === separator) {
      fields.push(field);
      field = '';
      atFieldStart = true;
      i++;
    } else if (ch === '\n' || ch === '\r') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
    } else if (ch === '"') {
      throw new CsvError(line, 'a " in a field that does not start with one: quote the whole field and double the " inside');
    } else {
      field += ch;
      atFieldStart = false;
      i++;
    }
  }
  if (fields.length || field !== '') endRecord();
  return records;
}

/** One field for a CSV file: quoted when needed, and defused when a spreadsheet would run it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Lines of a CSV file (CRLF, as RFC 4180 says), with a byte order mark so spreadsheets read Arabic names as UTF-8. */
export function formatCsv(rows: string[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}
