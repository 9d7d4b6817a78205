package app.klient.platform.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import app.klient.platform.live.LiveEvents.Notice;
import app.klient.support.KlientTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

@KlientTest
class LiveEventsTests {

    @Autowired
    LiveEvents live;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void a_stream_hears_its_topic_once_the_change_is_committed_and_never_when_it_rolls_back() throws Exception {
        String topic = "test:" + UUID.randomUUID();
        BlockingQueue<List<Notice>> heard = new LinkedBlockingQueue<>();
        live.stream(List.of(topic), (notices, stream) -> heard.add(notices));
        assertThat(heard.poll(5, TimeUnit.SECONDS)).as("the first write: what was missed").isEmpty();

        transactions.executeWithoutResult(status -> {
            live.publish(topic, "rolled back");
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> {
            live.publish("test:somebody-else", "not ours");
            live.publish(topic, "42");
        });
        List<Notice> notices = heard.poll(5, TimeUnit.SECONDS);
        assertThat(notices).containsExactly(new Notice(topic, "42"));
        assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("nothing rolled back, nothing of other topics")
                .isNull();
    }

    @Test
    void a_failing_feed_closes_its_stream_and_leaves_the_others_working() throws Exception {
        String topic = "test:" + UUID.randomUUID();
        BlockingQueue<List<Notice>> heard = new LinkedBlockingQueue<>();
        int before = live.openStreams();
        live.stream(List.of(topic), (notices, stream) -> {
            if (!notices.isEmpty()) {
                throw new IllegalStateException("broken feed");
            }
        });
        live.stream(List.of(topic), (notices, stream) -> heard.add(notices));
        assertThat(heard.poll(5, TimeUnit.SECONDS)).isEmpty();
        live.publish(topic, "1");
        assertThat(heard.poll(5, TimeUnit.SECONDS)).containsExactly(new Notice(topic, "1"));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (live.openStreams() != before + 1 && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(live.openStreams()).as("the broken one closed").isEqualTo(before + 1);
    }
}
