import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, isQmsError, sha256Hex } from "../src/index.js";

/** A double from its IEEE 754 bit pattern, as RFC 8785 Appendix B lists them. */
function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe("canonicalJson (RFC 8785)", () => {
  it("P11-03: serialises the RFC 8785 §3.2.2 example exactly (numbers, string escapes, literals)", () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("P11-03: sorts members by UTF-16 code units (RFC 8785 §3.2.3 example)", () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh",' +
        '"1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control",' +
        '"\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("P11-03: serialises the RFC 8785 Appendix B number samples", () => {
    const samples: [string, string][] = [
      ["0000000000000000", "0"],
      ["8000000000000000", "0"],
      ["0000000000000001", "5e-324"],
      ["8000000000000001", "-5e-324"],
      ["7fefffffffffffff", "1.7976931348623157e+308"],
      ["ffefffffffffffff", "-1.7976931348623157e+308"],
      ["4340000000000000", "9007199254740992"],
      ["c340000000000000", "-9007199254740992"],
      ["4430000000000000", "295147905179352830000"],
      ["44b52d02c7e14af5", "9.999999999999997e+22"],
      ["44b52d02c7e14af6", "1e+23"],
      ["44b52d02c7e14af7", "1.0000000000000001e+23"],
      ["444b1ae4d6e2ef4e", "999999999999999700000"],
      ["444b1ae4d6e2ef4f", "999999999999999900000"],
      ["444b1ae4d6e2ef50", "1e+21"],
      ["3eb0c6f7a0b5ed8c", "9.999999999999997e-7"],
      ["3eb0c6f7a0b5ed8d", "0.000001"],
      ["41b3de4355555553", "333333333.3333332"],
      ["41b3de4355555554", "333333333.33333325"],
      ["41b3de4355555555", "333333333.3333333"],
      ["41b3de4355555556", "333333333.3333334"],
      ["41b3de4355555557", "333333333.33333343"],
      ["becbf647612f3696", "-0.0000033333333333333333"],
      ["43143ff3c1cb0959", "1424953923781206.2"],
    ];
    for (const [bits, text] of samples) expect(canonicalJson(fromBits(bits)), bits).toBe(text);
    for (const bits of ["7fffffffffffffff", "7ff0000000000000"]) {
      expect(() => canonicalJson(fromBits(bits))).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    }
  });

  it("escapes control characters in lower-case \\u form and keeps other characters as they are", () => {
    expect(canonicalJson('\u0000\u001f\u007f\b\t\n\f\r"\\é😀')).toBe(
      '"\\u0000\\u001f\u007f\\b\\t\\n\\f\\r\\"\\\\é😀"',
    );
  });

  it("rejects values that are not JSON with a VALIDATION error naming the path", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const cases: unknown[] = [
      undefined,
      () => 1,
      Symbol("s"),
      10n,
      Number.NaN,
      new Date(0),
      new Map(),
      { a: [1, undefined] },
      { s: "\ud800" },
      cyclic,
    ];
    for (const c of cases) {
      let err: unknown;
      try {
        canonicalJson(c);
      } catch (e) {
        err = e;
      }
      expect(isQmsError(err, "VALIDATION"), String(c)).toBe(true);
    }
    try {
      canonicalJson({ a: { b: [0, 1n] } });
    } catch (e) {
      expect((e as { details: { path: string } }).details.path).toBe("$.a.b[1]");
    }
  });

  it("drops undefined members like JSON.stringify, and allows repeated (non-cyclic) references", () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: undefined, b: shared, c: shared })).toBe('{"b":{"x":1},"c":{"x":1}}');
  });

  it("bounds depth and length with LIMIT_EXCEEDED instead of overflowing the stack", () => {
    let deep: unknown = 0;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(expect.objectContaining({ code: "LIMIT_EXCEEDED" }));
    expect(() => canonicalJson({ s: "x".repeat(1000) }, { maxLength: 100 })).toThrow(
      expect.objectContaining({ code: "LIMIT_EXCEEDED" }),
    );
  });

  it("keeps an own __proto__ key as data, or rejects it when asked, and never pollutes prototypes", () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    expect(canonicalJson(hostile)).toBe('{"__proto__":{"polluted":true},"a":1}');
    expect(() => canonicalJson(hostile, { rejectProtoKeys: true })).toThrow(
      expect.objectContaining({ code: "VALIDATION" }),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("round-trips: parsing the canonical text and canonicalising again is the identity (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalJson(v);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(v)));
      }),
    );
  });

  it("is independent of member order (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe("sha256Hex / contentHash", () => {
  it("matches the FIPS 180-2 test vector for 'abc' and hashes UTF-8", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Hex("é")).toBe(sha256Hex(new Uint8Array([0xc3, 0xa9])));
  });

  it("P11-11: content hash ignores key order and changes with any value", () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
  });
});
