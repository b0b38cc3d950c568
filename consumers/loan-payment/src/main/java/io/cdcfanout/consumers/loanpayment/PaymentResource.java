package io.cdcfanout.consumers.loanpayment;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

@Path("/payments")
@Produces(MediaType.APPLICATION_JSON)
public class PaymentResource {

    private final PaymentLedger ledger;

    PaymentResource(PaymentLedger ledger) {
        this.ledger = ledger;
    }

    /** Payment totals of every loan seen, by loan id. */
    @GET
    public List<LoanPayments> all() throws SQLException {
        return ledger.all();
    }

    @GET
    @Path("/loans/{loanId}")
    public LoanPayments forLoan(@PathParam("loanId") String loanId) throws SQLException {
        return ledger.forLoan(loanId).orElseThrow(() -> new NotFoundException("no payment seen for loan " + loanId));
    }
}
