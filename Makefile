.PHONY: run test venvs clean corrections finetune

run:        ## set up everything and run the stack on loopback (SQLite)
	bash scripts/run.sh

test:       ## set up everything and run every test
	bash scripts/test.sh

corrections: ## staff corrections (case database, or FROM=<download of /staff/export/corrections.tsv>) into var/training/staff_corrections.tsv
	@test -x .venvs/backend/bin/python || bash scripts/setup-venvs.sh
	.venvs/backend/bin/python scripts/staff_corrections.py $(if $(FROM),--from "$(FROM)") $(CORRECTIONS_ARGS)

finetune:   ## re-run the fine-tune of the served MiniLM top on the current training data (~4 min; scripts/finetune.sh)
	bash scripts/finetune.sh

venvs:
	bash scripts/setup-venvs.sh

clean:
	rm -rf .venvs .run var bot/models artefacts
