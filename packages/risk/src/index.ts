/**
 * `@qmskit/risk`: see the package README.
 *
 * @packageDocumentation
 */
export {};
