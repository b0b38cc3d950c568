package io.cdcfanout.consumers.loan;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

@Path("/loans")
@Produces(MediaType.APPLICATION_JSON)
public class LoanResource {

    private final Loans loans;

    LoanResource(Loans loans) {
        this.loans = loans;
    }

    /** Every loan seen, by id. */
    @GET
    public List<LoanView> all() throws SQLException {
        return loans.all();
    }

    @GET
    @Path("/{id}")
    public LoanView one(@PathParam("id") String id) throws SQLException {
        return loans.get(id).orElseThrow(() -> new NotFoundException("no loan " + id + " seen"));
    }
}
