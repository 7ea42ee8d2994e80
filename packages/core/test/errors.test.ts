import { describe, expect, it } from "vitest";
import { isQmsError, QmsError } from "../src/index.js";

describe("QmsError", () => {
  it("carries a stable code, message and details", () => {
    const e = new QmsError("VALIDATION", "bad input", { details: { path: "/a" } });
    expect(e.code).toBe("VALIDATION");
    expect(e.message).toBe("bad input");
    expect(e.details).toEqual({ path: "/a" });
    expect(e.toJSON()).toEqual({
      name: "QmsError",
      code: "VALIDATION",
      message: "bad input",
      details: { path: "/a" },
    });
  });

  it("isQmsError recognises branded errors from any module copy, and checks the code", () => {
    const e = new QmsError("NOT_FOUND", "missing");
    expect(isQmsError(e)).toBe(true);
    expect(isQmsError(e, "NOT_FOUND")).toBe(true);
    expect(isQmsError(e, "VALIDATION")).toBe(false);
    // an object from another copy of the class carries the same global-symbol brand
    const foreign = Object.assign(new Error("x"), {
      code: "VALIDATION",
      [Symbol.for("qmskit.QmsError")]: true,
    });
    expect(isQmsError(foreign, "VALIDATION")).toBe(true);
    expect(isQmsError(new Error("plain"))).toBe(false);
    expect(isQmsError(null)).toBe(false);
    expect(isQmsError({ code: "VALIDATION" })).toBe(false);
  });

  it("keeps the cause", () => {
    const cause = new Error("root");
    expect(new QmsError("INTERNAL", "wrapped", { cause }).cause).toBe(cause);
  });
});
