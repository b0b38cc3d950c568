package io.cdcfanout.consumers.service;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

@Path("/dealers")
@Produces(MediaType.APPLICATION_JSON)
public class DealerResource {

    private final DealerBoard dealers;

    DealerResource(DealerBoard dealers) {
        this.dealers = dealers;
    }

    /** Every dealer with services seen, by dealer id. */
    @GET
    public List<DealerServices> all() throws SQLException {
        return dealers.all();
    }

    @GET
    @Path("/{dealerId}")
    public DealerServices dealer(@PathParam("dealerId") String dealerId) throws SQLException {
        return dealers.dealer(dealerId).orElseThrow(() -> new NotFoundException("no service seen at dealer " + dealerId));
    }
}
