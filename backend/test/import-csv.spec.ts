import { CsvError, csvField, decodeUtf8, detectSeparator, formatCsv, parseCsv } from '../src/import/csv';
import { parseImportArgs } from '../src/import/import-command';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe('import: CSV reader (RFC 4180)', () => {
  it('reads plain fields with LF or CRLF line ends, with or without a final line end', () => {
    expect(fields('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b,c\r\n1,2,3')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(fields('a,b\r\n1,2\r\n')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps empty fields, including a last empty field', () => {
    expect(fields('a,,c\n,,\n1,2,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
      ['1', '2', ''],
    ]);
  });

  it('reads quoted fields holding separators, doubled quotes and line breaks', () => {
    expect(fields('name,note\n"Lycée Al Amal, annexe","il a dit ""bonjour"""\n"deux\r\nlignes",x\n')).toEqual([
      ['name', 'note'],
      ['Lycée Al Amal, annexe', 'il a dit "bonjour"'],
      ['deux\r\nlignes', 'x'],
    ]);
    expect(fields('"",""\n')).toEqual([['', '']]);
  });

  it('gives each record the line it starts on, counting line breaks inside quotes and skipping blank lines', () => {
    const records = parseCsv('h1,h2\n"a\nb",c\n\n\r\nd,e\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 6]);
  });

  it('drops a UTF-8 byte order mark and reads Arabic text', () => {
    expect(fields('\uFEFFcode,name_ar\nX1,الثانوية الإعدادية ابن رشد\n')).toEqual([
      ['code', 'name_ar'],
      ['X1', 'الثانوية الإعدادية ابن رشد'],
    ]);
    const bytes = new TextEncoder().encode('\uFEFFcode\nفاس\n');
    expect(fields(decodeUtf8(bytes))).toEqual([['code'], ['فاس']]);
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => decodeUtf8(Uint8Array.from([0x63, 0x6f, 0xe9, 0x0a]))).toThrowMatching(
      (e: Error) => e instanceof CsvError && e.message.includes('not UTF-8'),
    );
  });

  it('takes semicolons as the separator when the header has semicolons and no commas (French spreadsheets)', () => {
    expect(detectSeparator('code;name_fr\n')).toBe(';');
    expect(detectSeparator('"a;b",c\n')).toBe(',');
    expect(detectSeparator('\uFEFFcode;name\n')).toBe(';');
    expect(fields('code;name_fr\nA1;"Collège Ibn Sina; annexe"\n')).toEqual([
      ['code', 'name_fr'],
      ['A1', 'Collège Ibn Sina; annexe'],
    ]);
  });

  it('refuses an unclosed quote, naming the line where it opened', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrowMatching((e: Error) => e instanceof CsvError && e.line === 2);
  });

  it('refuses text after a closing quote and a quote inside an unquoted field', () => {
    expect(() => parseCsv('a,b\n"x"y,2\n')).toThrowMatching((e: Error) => e instanceof CsvError && e.line === 2);
    expect(() => parseCsv('a,b\n1,2\nx"y,3\n')).toThrowMatching((e: Error) => e instanceof CsvError && e.line === 3);
  });

  it('returns nothing for an empty file or blank lines only', () => {
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF\r\n\n')).toEqual([]);
  });

  it('writes fields that read back the same, quoting when needed and defusing spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+212600000000')).toBe("'+212600000000");
    const rows = [
      ['email', 'name'],
      ['a@b.ma', 'Ahmed, "Si" Alami'],
      ['c@d.ma', 'سلمى\nبناني'],
    ];
    const text = formatCsv(rows);
    expect(text.startsWith('\uFEFF')).toBeTrue();
    expect(text.endsWith('\r\n')).toBeTrue();
    expect(fields(text)).toEqual(rows);
  });
});

describe('import: command line options', () => {
  it('reads files and flags', () => {
    expect(parseImportArgs(['--schools', 's.csv', '--dry-run'])).toEqual({
      schools: 's.csv',
      staff: null,
      linksOut: null,
      dryRun: true,
      skipInvalid: false,
    });
    expect(parseImportArgs(['--staff', 't.csv', '--links-out', 'i.csv', '--skip-invalid']).skipInvalid).toBeTrue();
  });

  it('refuses a missing file, an unknown option and staff without a links file', () => {
    expect(() => parseImportArgs([])).toThrowError(/--schools, --staff or both/);
    expect(() => parseImportArgs(['--schools'])).toThrowError(/needs a file name/);
    expect(() => parseImportArgs(['--schools', 's.csv', '--force'])).toThrowError(/unknown option --force/);
    expect(() => parseImportArgs(['--staff', 't.csv'])).toThrowError(/--links-out/);
    expect(parseImportArgs(['--staff', 't.csv', '--dry-run']).linksOut).toBeNull();
  });
});
