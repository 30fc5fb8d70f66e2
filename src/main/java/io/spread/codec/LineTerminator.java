package io.spread.codec;

import java.nio.charset.StandardCharsets;

/** The end-of-line bytes the server writes after each {@code line} frame. */
public enum LineTerminator {

	LF("\n"),

	CRLF("\r\n");

	private final byte[] bytes;

	LineTerminator(String text) {
		this.bytes = text.getBytes(StandardCharsets.US_ASCII);
	}

	byte[] bytes() {
		return this.bytes.clone();
	}

}
