-- Runtimes cache which flow version answers a number; any change to numbers, bindings or a flow's live
-- version tells them (LISTEN ringflow_routing, the payload is the tenant id) so they drop that tenant's entries.
CREATE OR REPLACE FUNCTION ringflow_routing_changed() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('ringflow_routing', OLD."tenantId"::text);
  ELSE
    PERFORM pg_notify('ringflow_routing', NEW."tenantId"::text);
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "PhoneNumber_routing" AFTER INSERT OR UPDATE OR DELETE ON "PhoneNumber"
  FOR EACH ROW EXECUTE FUNCTION ringflow_routing_changed();
CREATE TRIGGER "NumberBinding_routing" AFTER INSERT OR UPDATE OR DELETE ON "NumberBinding"
  FOR EACH ROW EXECUTE FUNCTION ringflow_routing_changed();
CREATE TRIGGER "Flow_routing" AFTER UPDATE OF "liveVersionId", "status" OR DELETE ON "Flow"
  FOR EACH ROW EXECUTE FUNCTION ringflow_routing_changed();
