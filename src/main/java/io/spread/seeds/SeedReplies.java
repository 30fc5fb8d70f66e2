package io.spread.seeds;

import java.util.List;

import io.spread.codec.FrameCodec;
import io.spread.connection.Chunk;
import io.spread.connection.ClientConnection;
import io.spread.connection.MemoryBudget;

import org.springframework.messaging.MessageHeaders;

/**
 * The last step of a seed server's flow: the replies to one batch, encoded once in the server's framing, queued on
 * the connection that sent it without blocking (the hub's outbound queue, limits and memory budget apply).
 */
final class SeedReplies {

	private final FrameCodec codec;

	private final MemoryBudget budget;

	SeedReplies(FrameCodec codec, MemoryBudget budget) {
		this.codec = codec;
		this.budget = budget;
	}

	/**
	 * Queues the reply payloads for the message's sender, unless its input has ended (it asked to close, broke a
	 * limit, or the server is shutting down).
	 * @return null: the flow ends here
	 */
	Object send(List<?> payloads, MessageHeaders headers) {
		@SuppressWarnings("unchecked")
		List<byte[]> replies = (List<byte[]>) payloads;
		ClientConnection sender = SeedMessageMapper.sender(headers);
		if (sender == null || sender.isInputEnded() || replies.isEmpty()) {
			return null;
		}
		sender.countFramesIn(replies.size());
		Chunk chunk = this.budget.share(this.codec.encode(replies), replies.size());
		chunk.offered(sender.offer(chunk) ? 1 : 0);
		return null;
	}

}
