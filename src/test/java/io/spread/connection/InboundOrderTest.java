package io.spread.connection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.support.GenericMessage;

import static org.assertj.core.api.Assertions.assertThat;

class InboundOrderTest {

	@Test
	void holdsAnEarlyFrameUntilItsPredecessorPasses() {
		InboundOrder order = new InboundOrder();
		List<Object> passed = new ArrayList<>();

		order.release(2, new GenericMessage<>("second"), m -> passed.add(m.getPayload()));
		assertThat(passed).isEmpty();
		order.release(1, new GenericMessage<>("first"), m -> passed.add(m.getPayload()));
		order.release(3, new GenericMessage<>("third"), m -> passed.add(m.getPayload()));

		assertThat(passed).containsExactly("first", "second", "third");
	}

	@Test
	void passesFramesInSequenceWhateverThreadsReleaseThem() throws Exception {
		InboundOrder order = new InboundOrder();
		List<Object> passed = Collections.synchronizedList(new ArrayList<>());
		List<Integer> sequences = new ArrayList<>();
		for (int i = 1; i <= 10_000; i++) {
			sequences.add(i);
		}
		Collections.shuffle(sequences);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		CountDownLatch done = new CountDownLatch(sequences.size());
		for (int sequence : sequences) {
			threads.execute(() -> {
				Message<Integer> frame = new GenericMessage<>(sequence);
				order.release(sequence, frame, m -> passed.add(m.getPayload()));
				done.countDown();
			});
		}
		assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
		threads.shutdown();

		assertThat(passed).hasSize(10_000).isSorted();
	}

}
