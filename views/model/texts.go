package model

// Texts of the seed (../shared/seed/service-accounts.md), word for word. The
// end-to-end tests look for them.
const (
	TextTenantMenu       = "TENANT"
	TextTenantSettings   = "Tenant settings"
	TextGlobalSettings   = "Global Settings"
	TextServiceAccounts  = "Service Accounts"
	TextNewAccount       = "New Service Account"
	TextEmptyList        = "You haven't added any service accounts yet."
	TextSave             = "Save"
	TextCreated          = "Service account successfully created!"
	TextKeyCreated       = "Key successfully created!"
	TextDownloadKey      = "Download Key"
	TextDone             = "Done"
	TextDownloadNow      = "You must download the private key at this point as it will not be available again."
	TextEdit             = "Edit"
	TextRegenerateKey    = "Regenerate Key"
	TextDelete           = "Delete"
	TextDeleteAccount    = "Delete Service Account"
	TextScopeRemovalWarn = "Before removing scopes that the service application can grant to an access token, make sure you identify which of your integrations are dependent upon those scopes; otherwise those integrations will fail the next time they request an access token."
	TextRegenerateWarn   = "Before regenerating a key, make sure you identify which of your integrations are dependent upon it to sign JWTs, as all those integrations need to be updated with the new key."
	TextDeleteWarn       = "Before deleting a service account, make sure none of your integrations are dependent upon its key to sign JWTs; otherwise those integrations will fail the next time they request an access token."

	// Our own texts where the seed is silent.
	TextKeyGone     = "This key is no longer available."
	TextKeyGoneHelp = "A private key can be downloaded only once, and only within 10 minutes of being made. Use Regenerate Key to make a new one."
	TextStale       = "Someone else changed this service account while you were editing it. The form now shows the current values; nothing was saved. Review them and save again."
	TextFormExpired = "This form has expired. Please try again."
	TextDeleted     = "Service account deleted."
	TextUpdated     = "Service account updated."
)
