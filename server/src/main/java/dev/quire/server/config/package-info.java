/**
 * Start-up configuration from flags and environment variables, checked whole before anything
 * starts: every bad value is reported with the setting's name, and nothing is silently replaced
 * by a default. Every setting is listed in docs/configuration.md.
 */
package dev.quire.server.config;
