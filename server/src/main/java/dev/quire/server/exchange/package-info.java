/**
 * Moving documents between servers: one document exported as text, Markdown or the JSON history
 * format ({@link dev.quire.server.exchange.DocumentJson}, specified in docs/export-format.md), a
 * history checked before it is imported ({@link dev.quire.server.exchange.ImportCheck}), and the
 * {@code export}/{@code import} commands that copy a whole server through its REST API.
 */
package dev.quire.server.exchange;
