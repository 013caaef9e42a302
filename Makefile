.PHONY: run test venvs clean

run:        ## set up everything and run the stack on loopback (SQLite)
	bash scripts/run.sh

test:       ## set up everything and run every test
	bash scripts/test.sh

venvs:
	bash scripts/setup-venvs.sh

clean:
	rm -rf .venvs .run var bot/models artefacts
