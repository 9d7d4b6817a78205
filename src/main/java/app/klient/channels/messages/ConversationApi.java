package app.klient.channels.messages;

import java.util.Map;

import app.klient.platform.web.PageResponse;
import app.klient.platform.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Messages and conversations")
@RequestMapping("/api/v1")
class ConversationApi {

    private final Conversations conversations;

    ConversationApi(Conversations conversations) {
        this.conversations = conversations;
    }

    /** An agent's answer. */
    record ConversationReply(String text) {
    }

    /** The version the agent saw. */
    record ConversationClose(Integer version) {
    }

    /** Which record an unknown sender is: a contact or a company. */
    record ConversationLink(Long contactId, Long companyId) {
    }

    @Operation(summary = "A message a gateway received (SMS, WhatsApp, Messenger …): stored, matched to the sender, "
            + "threaded, put on the timeline. The same messageId on the same channel again answers 200 with the "
            + "stored message, nothing doubled.")
    @PostMapping("/messages")
    ResponseEntity<Conversations.Received> receiveMessage(@RequestBody MessageReport report) {
        Conversations.Received received = conversations.receive(report);
        return ResponseEntity.status(received.created() ? HttpStatus.CREATED : HttpStatus.OK).body(received);
    }

    @Operation(summary = "Conversations, the newest message first. Filters: channel, state (OPEN, CLOSED), unread, "
            + "assigneeId, contactId, companyId")
    @GetMapping("/conversations")
    PageResponse<ConversationView> listConversations(@RequestParam(required = false) String channel,
            @RequestParam(required = false) String state, @RequestParam(required = false) Boolean unread,
            @RequestParam(required = false) Long assigneeId, @RequestParam(required = false) Long contactId,
            @RequestParam(required = false) Long companyId, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return PageResponse.of(conversations.list(new Conversations.Query(channel, state, unread, assigneeId,
                contactId, companyId), Paging.of(page, size, null, Map.of(), Sort.unsorted())));
    }

    @Operation(summary = "One conversation with its messages, oldest first, and each answer's delivery state.")
    @GetMapping("/conversations/{id}")
    ConversationView getConversation(@PathVariable long id) {
        return conversations.get(id);
    }

    @Operation(summary = "Answer the customer: stored, then delivered through the channel's outbound webhook "
            + "(signed, retried); 409 when the channel has none.")
    @PostMapping("/conversations/{id}/replies")
    ResponseEntity<ConversationView> replyToConversation(@PathVariable long id, @RequestBody ConversationReply reply) {
        return ResponseEntity.status(HttpStatus.CREATED).body(conversations.reply(id, reply.text()));
    }

    @Operation(summary = "Close the conversation; the customer's next message opens it again.")
    @PostMapping("/conversations/{id}/close")
    ConversationView closeConversation(@PathVariable long id, @RequestBody ConversationClose close) {
        return conversations.close(id, close.version());
    }

    @Operation(summary = "Mark the conversation read.")
    @PostMapping("/conversations/{id}/read")
    ResponseEntity<Void> readConversation(@PathVariable long id) {
        conversations.markRead(id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Tie a conversation with an unknown sender to a contact or a company.")
    @PostMapping("/conversations/{id}/link")
    ConversationView linkConversation(@PathVariable long id, @RequestBody ConversationLink link) {
        return conversations.link(id, link.contactId(), link.companyId());
    }

    @Operation(summary = "Turn the conversation into a service ticket with its messages; answers the ticket's id.")
    @PostMapping("/conversations/{id}/ticket")
    ResponseEntity<Map<String, Long>> conversationToTicket(@PathVariable long id) {
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("ticketId", conversations.toTicket(id)));
    }
}
