/**
 * @module The one locale the console formats in. Fixed rather than the visitor's, so the text a page
 * renders on the server is the text it hydrates to in the browser.
 */
export const LOCALE = 'en-US';
