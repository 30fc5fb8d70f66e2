package io.spread.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.spread.client.ClientModeTest.RunningClient;
import io.spread.codec.Framing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Client mode's resume (SPEC section 9) against a {@link ScriptedGateway}: the hub's answers are scripted, so the
 * cases a real hub rarely shows on cue (live messages overtaking the replay, the replay repeating them, a gap that
 * is partly retained, a new epoch) are played exactly, over a real socket, in chunks of odd sizes, in both framings
 * the gateway has.
 */
class ClientModeGatewayResumeTest {

	private final List<RunningClient> clients = new ArrayList<>();

	private final List<ScriptedGateway> gateways = new ArrayList<>();

	@AfterEach
	void stop() throws IOException {
		for (RunningClient client : this.clients) {
			client.endInput();
			this.gateways.forEach(ScriptedGateway::closeConnection);
			client.exitCode.completeOnTimeout(-1, 20, TimeUnit.SECONDS).join();
		}
		this.gateways.forEach(ScriptedGateway::close);
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = { "LINE", "LENGTH_PREFIXED" })
	void resumesEachReconnectPrintingEveryOffsetOnceInOrderAndOneNoticePerGap(Framing framing) {
		ScriptedGateway gateway = gateway(framing);
		RunningClient client = start(gateway, framing);

		gateway.accept().expect("HELLO ann", "JOIN chat");
		gateway.write("OK HELLO ann", "OK JOIN chat 2 E1 4", "MSG chat bob 5 five", "MSG chat bob 6 six");
		assertThat(client.nextLine()).isEqualTo("[chat] bob: five");
		assertThat(client.nextLine()).isEqualTo("[chat] bob: six");

		// the connection is lost; offsets 7 to 9 are published meanwhile
		gateway.accept().expect("HELLO ann", "JOIN chat");
		gateway.write("OK HELLO ann", "OK JOIN chat 2 E1 9").expect("HISTORY chat E1 6");
		gateway.write("MSG chat bob 10 ten", "MSG chat bob 7 seven", "MSG chat bob 6 six", "MSG chat bob 8 eight",
				"MSG chat bob 9 nine", "MSG chat bob 10 ten", "OK HISTORY chat 10", "MSG chat bob 11 eleven");
		for (String expected : List.of("seven", "eight", "nine", "ten", "eleven")) {
			assertThat(client.nextLine()).isEqualTo("[chat] bob: " + expected);
		}

		// lost again; 12 to 20 are published, of which 12 to 15 are no longer retained
		gateway.accept().expect("HELLO ann", "JOIN chat");
		gateway.write("OK HELLO ann", "OK JOIN chat 2 E1 20").expect("HISTORY chat E1 11");
		gateway.write("ERR history-gone chat E1 16").expect("HISTORY chat E1 15");
		gateway.write("MSG chat bob 16 sixteen", "MSG chat bob 17 seventeen", "MSG chat bob 18 eighteen",
				"MSG chat bob 19 nineteen", "MSG chat bob 20 twenty", "OK HISTORY chat 20");
		assertThat(client.nextLine()).isEqualTo("[chat] * 4 messages could not be recovered (offsets 12-15)");
		for (String expected : List.of("sixteen", "seventeen", "eighteen", "nineteen", "twenty")) {
			assertThat(client.nextLine()).isEqualTo("[chat] bob: " + expected);
		}

		// the hub restarted: a new epoch, whose first two messages are gone too
		gateway.accept().expect("HELLO ann", "JOIN chat");
		gateway.write("OK HELLO ann", "OK JOIN chat 1 E2 3").expect("HISTORY chat E2 0");
		gateway.write("ERR history-gone chat E2 3").expect("HISTORY chat E2 2");
		gateway.write("MSG chat cy 3 three", "OK HISTORY chat 3", "MSG chat cy 4 four", "DM cy done");
		assertThat(client.nextLine()).isEqualTo("[chat] * the room's history was lost (new epoch: the hub restarted "
				+ "or forgot the room); whatever was sent after offset 20 could not be recovered, nor 2 messages of the "
				+ "new numbering (offsets 1-2)");
		assertThat(client.nextLine()).isEqualTo("[chat] cy: three");
		assertThat(client.nextLine()).isEqualTo("[chat] cy: four");
		assertThat(client.nextLine()).as("nothing else printed before").isEqualTo("(dm) cy: done");
	}

	@ParameterizedTest
	@EnumSource(value = Framing.class, names = { "LINE", "LENGTH_PREFIXED" })
	void aRefusedNameIsTriedAgainOnTheNextConnection(Framing framing) {
		ScriptedGateway gateway = gateway(framing);
		RunningClient client = start(gateway, framing);

		gateway.accept().expect("HELLO ann", "JOIN chat");
		gateway.write("ERR name-taken ann", "ERR hello-first").expect("QUIT");
		gateway.closeConnection();

		gateway.accept().expect("HELLO ann", "JOIN chat");
		gateway.write("OK HELLO ann", "OK JOIN chat 2 E1 0", "MSG chat bob 1 welcome back");
		assertThat(client.nextLine()).as("nothing of the refused connection printed").isEqualTo("[chat] bob: welcome back");
	}

	private ScriptedGateway gateway(Framing framing) {
		ScriptedGateway gateway = new ScriptedGateway(framing);
		this.gateways.add(gateway);
		return gateway;
	}

	private RunningClient start(ScriptedGateway gateway, Framing framing) {
		String[] args = { "--spread.mode=client", "--spread.client.protocol=gateway", "--spread.client.host=127.0.0.1",
				"--spread.client.port=" + gateway.port(), "--spread.client.name=ann", "--spread.client.rooms=chat",
				"--spread.client.heartbeat-interval=0", "--spread.client.reconnect.initial-delay=50ms",
				"--spread.client.reconnect.factor=1", "--spread.client.reconnect.jitter=0",
				"--spread.tcp.framing=" + framing.name().toLowerCase(Locale.ROOT).replace('_', '-') };
		RunningClient client = RunningClient.launch(List.of(args));
		this.clients.add(client);
		return client;
	}

}
