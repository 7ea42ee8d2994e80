/**
 * `@qmskit/store-sqlite`: see the package README.
 *
 * @packageDocumentation
 */
export {};
