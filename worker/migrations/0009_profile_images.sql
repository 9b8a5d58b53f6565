-- The linked account's profile picture as X gives it at link time (users/me with
-- `user.fields=profile_image_url`), shown next to the name in the extension. Only https
-- addresses are kept: the extension loads the picture, and a plain http one would be mixed
-- content. NULL when X gives none or one we do not show; unlinking erases it with the name.
ALTER TABLE users ADD COLUMN profile_image_url TEXT CHECK (
  profile_image_url IS NULL OR (length(profile_image_url) <= 1024 AND profile_image_url GLOB 'https://*')
);
