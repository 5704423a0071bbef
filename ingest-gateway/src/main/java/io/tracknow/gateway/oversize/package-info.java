/**
 * Requests refused by Netty's HTTP codec before any route runs (header block or request line over the
 * server's limit): their problem body, webhook-log entry and metric. Depends on intake and webhooklog; nothing depends on it.
 */
package io.tracknow.gateway.oversize;
