/**
 * `@qmskit/vuln`: see the package README.
 *
 * @packageDocumentation
 */
export {};
