package io.spread.cluster;

import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts that keep each room's numbering and history in Redis, each run atomically by Redis, so that every
 * replica sees one order and one numbering. A room has two keys: {@code <prefix><room>:meta}, a hash of its
 * {@code epoch} and last {@code offset}, and {@code <prefix><room>:log}, a stream of its last messages whose entry
 * ids are their offsets ({@code <offset>-0}), each with its sender {@code f}, the time it was kept {@code t} and its
 * payload {@code p}. A room whose hash is gone (expired, or Redis lost it) gets a new epoch on its next use.
 */
final class RoomScripts {

	private RoomScripts() {
	}

	/**
	 * Numbers messages, keeps them, and publishes them on the room's channel as one {@link RoomEvent.Messages}.
	 * KEYS: meta, log. ARGV: channel, epoch if new, history size, history ttl ms, meta ttl ms, now ms, from, origin
	 * replica, origin connection, then the payloads. Returns the last offset.
	 */
	static final byte[] PUBLISH = utf8("""
			local epoch = redis.call('HGET', KEYS[1], 'epoch')
			if not epoch then
			  epoch = ARGV[2]
			  redis.call('HSET', KEYS[1], 'epoch', epoch, 'offset', 0)
			  redis.call('DEL', KEYS[2])
			end
			local count = #ARGV - 9
			local last = redis.call('HINCRBY', KEYS[1], 'offset', count)
			local first = last - count + 1
			local size = tonumber(ARGV[3])
			local event = {'M ', epoch, ' ', string.format('%d', first), ' ', count, ' ', ARGV[7], ' ', ARGV[8], ' ', ARGV[9], '\\n'}
			for i = 1, count do
			  local payload = ARGV[9 + i]
			  if size > 0 then
			    redis.call('XADD', KEYS[2], 'MAXLEN', size, string.format('%d-0', first + i - 1),
			      'f', ARGV[7], 't', ARGV[6], 'p', payload)
			  end
			  event[#event + 1] = #payload .. ':'
			  event[#event + 1] = payload
			end
			if size > 0 then
			  redis.call('PEXPIRE', KEYS[2], ARGV[4])
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[5])
			redis.call('PUBLISH', ARGV[1], table.concat(event))
			return last
			""");

	/**
	 * A room's epoch and last offset, made if it has none. KEYS: meta, log. ARGV: epoch if new, meta ttl ms.
	 * Returns {epoch, offset}.
	 */
	static final byte[] STATE = utf8("""
			if redis.call('HSETNX', KEYS[1], 'epoch', ARGV[1]) == 1 then
			  redis.call('HSET', KEYS[1], 'offset', 0)
			  redis.call('DEL', KEYS[2])
			end
			redis.call('PEXPIRE', KEYS[1], ARGV[2])
			return redis.call('HMGET', KEYS[1], 'epoch', 'offset')
			""");

	/**
	 * A room's epoch, last offset and kept messages from an offset on. KEYS: meta, log. ARGV: first offset wanted,
	 * most entries. Returns {epoch, offset, entries} or nil if the room has no numbering.
	 */
	static final byte[] HISTORY = utf8("""
			local meta = redis.call('HMGET', KEYS[1], 'epoch', 'offset')
			if not meta[1] then
			  return false
			end
			return {meta[1], meta[2], redis.call('XRANGE', KEYS[2], ARGV[1] .. '-0', '+', 'COUNT', ARGV[2])}
			""");

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
