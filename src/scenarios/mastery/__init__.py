"""What each trainee has mastered, lesson by lesson, and the day's spaced review of what they missed.

Headless and pure: no UI, no store, no I/O. The trainer's session layer (`scenarios.trainer.lessons`)
keeps the answers and states in the store; the app, line mode and the report all read them through here.

- `rule`: the mastery rule (not seen / learning / mastered from the last three answers per lesson);
- `schedule`: Leitner boxes for missed decisions (due tomorrow, in 3 days, a week, two weeks, then out);
- `decisions`: the library's decisions by lesson, and the way the story goes to each (to play it in context);
- `review`: the day's round of 5 to 10 decisions.
"""
