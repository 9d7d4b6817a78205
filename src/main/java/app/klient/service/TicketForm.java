package app.klient.service;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A ticket as an agent or the API opens or changes it; {@code version} is required when changing. */
public record TicketForm(@NotBlank @Size(max = 300) String subject, @Size(max = 50_000) String description,
        Long contactId, Long companyId, TicketChannel channel, @Size(max = 100) String category, Long productId,
        TicketPriority priority, Long assigneeId, Long teamId, Integer version) {
}
