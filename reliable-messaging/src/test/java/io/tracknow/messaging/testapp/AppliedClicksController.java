package io.tracknow.messaging.testapp;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** An HTTP surface over the test table, to show how requests behave when the database cannot serve them. */
@RestController
class AppliedClicksController {

    private final DatabaseClient db;

    AppliedClicksController(DatabaseClient db) {
        this.db = db;
    }

    /** Records (or re-stamps) a click; waits on the row's lock like any update would. */
    @PutMapping("/test/applied-clicks/{id}")
    Mono<Long> touch(@PathVariable String id) {
        return db.sql("INSERT INTO applied_clicks (click_id) VALUES (:id) "
                        + "ON CONFLICT (click_id) DO UPDATE SET applied_at = now()")
                .bind("id", id)
                .fetch()
                .rowsUpdated();
    }
}
