package io.cdcfanout.consumers.car;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.util.List;

@Path("/cars")
@Produces(MediaType.APPLICATION_JSON)
public class CarResource {

    private final Cars cars;

    CarResource(Cars cars) {
        this.cars = cars;
    }

    /** Every car seen, by id. */
    @GET
    public List<CarView> all() throws SQLException {
        return cars.all();
    }

    @GET
    @Path("/{id}")
    public CarView one(@PathParam("id") String id) throws SQLException {
        return cars.get(id).orElseThrow(() -> new NotFoundException("no car " + id + " seen"));
    }
}
