package app.klient.loyalty.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.klient.customers.CardSection;
import app.klient.identity.CurrentUser;
import app.klient.identity.Role;
import app.klient.loyalty.AccountView;
import app.klient.loyalty.Accounts;
import app.klient.loyalty.Points;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * On the customer card: each loyalty account's balance, tier, what expires when and the newest ledger rows (the whole
 * ledger a page at a time behind a link), with the manual adjustment for administrators and managers.
 */
@Component
class LoyaltyOnCard implements CardSection {

    static final int NEWEST = 8;

    private final Accounts accounts;

    LoyaltyOnCard(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public Optional<Part> forCompany(long companyId) {
        return part(Points.Customer.company(companyId), "/companies/" + companyId);
    }

    @Override
    public Optional<Part> forContact(long contactId) {
        return part(Points.Customer.contact(contactId), "/contacts/" + contactId);
    }

    private Optional<Part> part(Points.Customer customer, String back) {
        List<AccountView> found = accounts.of(customer);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Map<Long, Object> newest = new HashMap<>();
        for (AccountView account : found) {
            newest.put(account.id(), accounts.history(account.id(), PageRequest.of(0, NEWEST)));
        }
        Map<String, Object> data = new HashMap<>();
        data.put("accounts", found);
        data.put("newest", newest);
        data.put("back", back);
        data.put("canAdjust", CurrentUser.hasRole(Role.ADMIN, Role.MANAGER));
        return Optional.of(new Part(25, "loyalty/card", "loyalty", data));
    }
}
