-- Run once by the postgres image on an empty data directory (docker-compose.yml, and the Kubernetes
-- dev overlay through kustomization.yaml here).
-- Each service owns its own database; the schema registry keeps its artifacts in "apicurio".
-- The services create their own tables with Flyway at start-up.
CREATE DATABASE tracknow_ingest_gateway;
CREATE DATABASE tracknow_attribution_service;
CREATE DATABASE tracknow_commission_service;
CREATE DATABASE tracknow_payment_orchestrator;
CREATE DATABASE tracknow_notification_service;
CREATE DATABASE apicurio;
