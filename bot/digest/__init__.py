"""The weekly digest: what changed in the store, posted once per channel per week.

schedule.py      parsing "mon 09:00 Europe/Berlin", the CronTrigger, due times and periods
subscriptions.py who subscribes (rows in the store, so schedules survive restarts)
claims.py        the claim row that decides which process posts, and the outcome
content.py       the digest itself, as a platform-free Reply; chart.py draws its PNG
runner.py        the due-check: claim, build, deliver, record (given an explicit `now`)
service.py       the APScheduler service started by the composition root
"""
