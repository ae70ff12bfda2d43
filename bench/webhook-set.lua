-- POST /api/hooks/$HOOK_ID with a small JSON body and the hook's token.
wrk.method = "POST"
wrk.body = '{"name": "Budi", "camera": "cam-01", "similarity": 0.91}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Webhook-Token"] = os.getenv("HOOK_TOKEN")
