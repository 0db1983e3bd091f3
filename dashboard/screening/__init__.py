"""Project facts and the council's rules about them (issue 15), without Streamlit.

The report's rule for what must be risk-assessed (section 9) needs facts the portfolio did not
have: a project's type, its phase history, its budget and schedule over time, its outcome at
closure, which project continues which, and the threshold as dated data. This room holds them:

- ``vocab``: the codes (scopes, phases, verdicts ...), their URL values, and the bands of figures 4-5
- ``queries`` (+ ``queries/*.sql``): the named queries and their pandera schemas; the rule itself is
  the SQL function ``screening_facts(judged_on)`` (db/migrations/0071_screening_rule.sql)
- ``rules``: the rule's verdicts and reasons in words, the screening lists, the portfolio's column
- ``charts``: figure 4 (the assessed projects' characteristics) and figure 5 (the RSI portfolio by
  cost and duration), with their tables
- ``entry``: the secretariat's forms for all of it, plugged into dashboard.entry
- ``seed``, ``demo``, ``synthetic``: the published facts, the labelled demo set, the benchmark set
"""
