"""The trainee's session layer over the engine and the store, without Textual (tested headless).

`scenarios.trainer.session.Trainer` starts, offers, resumes and gives up playthroughs; a
`PlaySession` is one being played: choose, autosave, finish, and the lease
(`scenarios.trainer.lease`) that keeps two app windows from playing the same one.

The package imports nothing itself: the app reads the lease's heartbeat interval before its
first frame, and the session (with the engine) only when a story is played.
"""
