import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJson } from '../../../src/core/audit/canonicalJson';
import { seededRandom } from '../../../src/core/seededRandom';

// RFC 8785 section 3.2.2's example, written as the RFC's input text parsed by JSON.parse.
const rfcInput = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
const rfcOutput = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;

test('RFC 8785 3.2.2: the example object canonicalises to the RFC text', () => {
  assert.equal(canonicalJson(JSON.parse(rfcInput)), rfcOutput);
});

test('RFC 8785 3.2.3: keys sort by UTF-16 code units, not code points or locale', () => {
  const input = JSON.parse(String.raw`{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}`);
  // Read back from the text: JSON.parse would put the integer-like key "1" first again.
  const order = [...canonicalJson(input).matchAll(/"((?:[^"\\]|\\.)*)":/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  assert.deepEqual(order, ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33']);
});

test('RFC 8785 appendix B: numbers print as ECMAScript prints them', () => {
  const cases: Array<[string, string]> = [
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ];
  for (const [bits, expected] of cases) {
    const n = Buffer.from(bits, 'hex').readDoubleBE(0);
    assert.equal(canonicalJson(n), expected, bits);
  }
});

test('values with no JSON form are refused; undefined members are left out as JSON.stringify does', () => {
  for (const bad of [NaN, Infinity, -Infinity, 1n, { a: NaN }, '\ud800', { '\udc00': 1 }]) {
    assert.throws(() => canonicalJson(bad), TypeError);
  }
  const cycle: Record<string, unknown> = {};
  cycle.self = cycle;
  assert.throws(() => canonicalJson(cycle), /circular/);
  assert.throws(() => canonicalJson(undefined), /no JSON form/);
  assert.equal(canonicalJson({ b: undefined, a: [undefined, () => 1], d: new Date(0) }), '{"a":[null,null],"d":"1970-01-01T00:00:00.000Z"}');
  // A value seen twice but not inside itself is no cycle.
  const shared = { x: 1 };
  assert.equal(canonicalJson([shared, shared]), '[{"x":1},{"x":1}]');
});

test('agrees with the canonicalize package (by the RFC authors) on random nested values', async () => {
  const { default: canonicalize } = await import('canonicalize');
  const rand = seededRandom(8785);
  const chars = ['a', 'Z', '0', '"', '\\', '\n', '\u0001', '\u001f', '\u007f', 'é', '€', '\ud83d\ude00', '\ufb33', ' ', '/'];
  const str = () => Array.from({ length: Math.floor(rand() * 6) }, () => chars[Math.floor(rand() * chars.length)]).join('');
  const num = () => [0, -0, 1, -1, rand(), rand() * 1e25, rand() * 1e-10, Math.floor(rand() * 1e9), -rand() * 1e300][Math.floor(rand() * 9)];
  const value = (depth: number): unknown => {
    const pick = Math.floor(rand() * (depth > 3 ? 4 : 6));
    if (pick === 0) return null;
    if (pick === 1) return rand() < 0.5;
    if (pick === 2) return num();
    if (pick === 3) return str();
    if (pick === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [str(), value(depth + 1)]));
  };
  for (let i = 0; i < 2000; i++) {
    const v = value(0);
    assert.equal(canonicalJson(v), canonicalize(v), JSON.stringify(v));
  }
});
