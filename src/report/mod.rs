//! Report: the daily briefing as HTML. Pure: data in, HTML out.
