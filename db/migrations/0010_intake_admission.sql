-- Admission of a group of new top-level executions of one workflow (batched intake, decision 0304),
-- server-side so that intake stores a whole batch in ONE statement. `p_n` counts the executions
-- that need a slot (a respond-mode run that already ended in memory needs none).
--  'queue': queued work exists (they wait behind it; finishing runs admit in order, and the
--     sweeper is the backstop), or the workflow is full by committed runs alone.
--  'queue-and-admit': the batch does not fit, an admitter is busy, or the free slots may be taken
--     by starts in flight: they wait, and the caller runs admission right after its commit.
--  'start': all may start now. Decided as in server/runtime/admission.ts: announce, then read
--     the other announcements in pg_locks, then count committed runs. A batch of n announces
--     itself with n shared "slot" keys (64-bit keys: the workflow's hash in the high half,
--     0x53590000 + i in the low half) so others count the executions it may start, not one per
--     holder. A VOLATILE function takes a new snapshot for each query, so the recount sees every
--     start that committed before our keys were held.
-- Waiting is always within the limit, so both queue answers are decided without announcing.
CREATE OR REPLACE FUNCTION switchyard_decide_starts(p_workflow uuid, p_limit int, p_n int) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_key int := hashtext(p_workflow::text);
  v_starting int;
  v_admitting int;
  v_running int;
  v_queued int;
BEGIN
  IF p_n <= 0 THEN
    RETURN 'start';
  END IF;
  -- Cheapest first: under sustained overload thousands wait, and counting the running ones (up to
  -- the limit) for every batch would be the bulk of its cost.
  SELECT count(*) INTO v_queued FROM (SELECT 1 FROM executions WHERE workflow_id = p_workflow AND status = 'queued' LIMIT 1) q;
  IF v_queued > 0 THEN
    RETURN 'queue';
  END IF;
  SELECT count(*) INTO v_running FROM (
    SELECT 1 FROM executions
    WHERE workflow_id = p_workflow AND status IN ('running', 'waiting') AND parent_execution_id IS NULL AND error_of_execution_id IS NULL
    LIMIT p_limit) r;
  IF v_running >= p_limit THEN
    RETURN 'queue';
  END IF;
  IF v_running + p_n > p_limit THEN
    RETURN 'queue-and-admit';
  END IF;
  PERFORM pg_advisory_xact_lock_shared((v_key::bigint << 32) | (1398341632 + i)) FROM generate_series(0, p_n - 1) AS i;
  SELECT count(*) FILTER (WHERE objsubid = 2 AND classid = 7302::oid AND objid = (v_key::bigint & 4294967295)::oid)
         + count(*) FILTER (WHERE objsubid = 1 AND classid = (v_key::bigint & 4294967295)::oid AND objid::bigint BETWEEN 1398341632 AND 1398341632 + 1023),
         count(*) FILTER (WHERE objsubid = 2 AND classid = 7301::oid AND objid = (v_key::bigint & 4294967295)::oid)
    INTO v_starting, v_admitting
    FROM pg_locks
    WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
  SELECT count(*) INTO v_running FROM (
    SELECT 1 FROM executions
    WHERE workflow_id = p_workflow AND status IN ('running', 'waiting') AND parent_execution_id IS NULL AND error_of_execution_id IS NULL
    LIMIT p_limit) r;
  SELECT count(*) INTO v_queued FROM (SELECT 1 FROM executions WHERE workflow_id = p_workflow AND status = 'queued' LIMIT 1) q;
  IF v_queued = 0 AND v_admitting = 0 AND v_running + v_starting + p_n <= p_limit THEN
    RETURN 'start';
  END IF;
  RETURN 'queue-and-admit';
END
$$;
