// Go's encoding/json scanner, for its error messages only: when JSON.parse refuses a body, this says what kube says
// ("invalid character '}' looking for beginning of value", "unexpected end of JSON input"). It runs only on bodies
// that failed to parse, so it favours being a faithful copy of Go's state machine over speed.
import { goQuote } from '../gostrings.js';

type Step = (c: number) => void;

class ScanError extends Error {}

/** Go's quoteChar: the byte as a rune in single quotes, escaped as strconv.Quote escapes it. */
export function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const q = goQuote(String.fromCharCode(c));
  return `'${q.slice(1, -1)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** The message Go's decoder gives for `data`, or undefined if Go accepts it. */
export function goJSONSyntaxError(data: Uint8Array): string | undefined {
  const stack: Array<'key' | 'value' | 'array'> = [];
  let endTop = false;
  let step: Step;
  const fail = (c: number, context: string): never => {
    throw new ScanError(`invalid character ${quoteChar(c)} ${context}`);
  };
  const endValue = (c: number): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) {
      endTop = true;
      step = endTopStep;
      endTopStep(c);
      return;
    }
    if (isSpace(c)) {
      step = endValue;
      return;
    }
    if (top === 'key') {
      if (c === 0x3a) {
        stack[stack.length - 1] = 'value';
        step = beginValue;
        return;
      }
      fail(c, 'after object key');
    } else if (top === 'value') {
      if (c === 0x2c) {
        stack[stack.length - 1] = 'key';
        step = beginString;
        return;
      }
      if (c === 0x7d) {
        stack.pop();
        step = endValue;
        return;
      }
      fail(c, 'after object key:value pair');
    } else {
      if (c === 0x2c) {
        step = beginValue;
        return;
      }
      if (c === 0x5d) {
        stack.pop();
        step = endValue;
        return;
      }
      fail(c, 'after array element');
    }
  };
  const endTopStep: Step = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value');
  };
  const literal =
    (word: string, i: number): Step =>
    (c) => {
      if (c !== word.charCodeAt(i)) fail(c, `in literal ${word} (expecting ${quoteChar(word.charCodeAt(i))})`);
      step = i + 1 < word.length ? literal(word, i + 1) : endValue;
    };
  const inString: Step = (c) => {
    if (c === 0x22) step = endValue;
    else if (c === 0x5c) step = inEscape;
    else if (c < 0x20) fail(c, 'in string literal');
  };
  const inEscape: Step = (c) => {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) step = inString;
    else if (c === 0x75) step = hex(0);
    else fail(c, 'in string escape code');
  };
  const hex =
    (i: number): Step =>
    (c) => {
      if (!isHex(c)) fail(c, 'in \\u hexadecimal character escape');
      step = i < 3 ? hex(i + 1) : inString;
    };
  const afterNumber = (c: number, state: 'int' | 'frac' | 'exp'): void => {
    if (state !== 'exp' && c === 0x2e && state === 'int') step = dot;
    else if (state !== 'exp' && (c === 0x65 || c === 0x45)) step = exponent;
    else endValue(c);
  };
  const zero: Step = (c) => afterNumber(c, 'int');
  const digits: Step = (c) => {
    if (isDigit(c)) return;
    afterNumber(c, 'int');
  };
  const dot: Step = (c) => {
    if (!isDigit(c)) fail(c, 'after decimal point in numeric literal');
    step = fraction;
  };
  const fraction: Step = (c) => {
    if (isDigit(c)) return;
    afterNumber(c, 'frac');
  };
  const exponent: Step = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = exponentSign;
      return;
    }
    exponentSign(c);
  };
  const exponentSign: Step = (c) => {
    if (!isDigit(c)) fail(c, 'in exponent of numeric literal');
    step = exponentDigits;
  };
  const exponentDigits: Step = (c) => {
    if (isDigit(c)) return;
    endValue(c);
  };
  const negative: Step = (c) => {
    if (c === 0x30) step = zero;
    else if (isDigit(c)) step = digits;
    else fail(c, 'in numeric literal');
  };
  const beginValue: Step = (c) => {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b:
        stack.push('key');
        step = beginStringOrEmpty;
        return;
      case 0x5b:
        stack.push('array');
        step = beginValueOrEmpty;
        return;
      case 0x22:
        step = inString;
        return;
      case 0x2d:
        step = negative;
        return;
      case 0x30:
        step = zero;
        return;
      case 0x74:
        step = literal('true', 1);
        return;
      case 0x66:
        step = literal('false', 1);
        return;
      case 0x6e:
        step = literal('null', 1);
        return;
    }
    if (isDigit(c)) step = digits;
    else fail(c, 'looking for beginning of value');
  };
  const beginValueOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x5d) {
      stack.pop();
      step = endValue;
      return;
    }
    beginValue(c);
  };
  const beginString: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x22) {
      step = inString;
      return;
    }
    fail(c, 'looking for beginning of object key string');
  };
  const beginStringOrEmpty: Step = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7d) {
      stack.pop();
      step = endValue;
      return;
    }
    beginString(c);
  };
  step = beginValue;
  try {
    for (const c of data) step(c);
    if (endTop) return undefined;
    // At the end of the input, a number or literal may still end the document.
    step(0x20);
    return endTop ? undefined : 'unexpected end of JSON input';
  } catch (err) {
    if (err instanceof ScanError) return err.message;
    throw err;
  }
}
