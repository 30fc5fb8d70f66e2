package io.spread.security;

import java.time.Instant;

/**
 * What a valid token says: the name it was issued to ({@code sub}), the rooms it may join and publish to
 * ({@code rooms}), and when it expires ({@code exp}).
 */
public record VerifiedToken(String name, RoomPatterns rooms, Instant expiresAt) {

	/** Whether the token allows joining and publishing to this room. */
	public boolean allows(String room) {
		return this.rooms.allows(room);
	}

}
